/**
 * Feature preprocessing with the fit-on-train, apply-everywhere discipline: each {@code fit}
 * returns an immutable {@link org.privet.core.data.transform.FittedTransform}.
 */
package org.privet.core.data.transform;
