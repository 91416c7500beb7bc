package org.privet.dp.sgd;

/** How per-example gradients are clipped; both give the same clipped sum up to float rounding. */
public enum ClippingMode {
    /**
     * Ghost clipping: per-example norms from activations and output gradients without materialising
     * per-example gradients, then one reweighted second pass
     * ({@code PerExampleGradients.clippedGradientSum}). Memory O(batch x activations). The default.
     */
    GHOST,
    /**
     * Materialise every example's gradient ({@code PerExampleGradients.compute}), clip each, sum.
     * Memory O(batch x parameters); a reference for GHOST.
     */
    MATERIALISED
}
