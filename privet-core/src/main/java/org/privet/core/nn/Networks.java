package org.privet.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.rng.Rng;

/**
 * Architectures that attacks and experiments use. Each layer draws its weights from its own
 * child stream {@code rng.child("layer", index)}, so the same seed gives the same network bit for
 * bit, whatever else was drawn from {@code rng}.
 */
public final class Networks {
    private Networks() {
    }

    /** Fully connected ReLU network: inputs -> hidden[0] -> ... -> classes (logits). He init. */
    public static Sequential mlp(Rng rng, int inputs, int[] hidden, int classes) {
        Dense.checkSize("inputs", inputs);
        Dense.checkSize("classes", classes);
        List<Layer> layers = new ArrayList<>();
        int prev = inputs;
        int idx = 0;
        for (int h : hidden) {
            Dense.checkSize("hidden width", h);
            layers.add(new Dense(prev, h, rng.child("layer", idx++)));
            layers.add(new ReLU());
            prev = h;
        }
        layers.add(new Dense(prev, classes, rng.child("layer", idx)));
        return new Sequential(layers);
    }

    /**
     * conv5x5(32, pad 2)-relu-maxpool2-conv5x5(64, pad 2)-relu-maxpool2-flatten-dense(128)-relu-dense(classes)
     * for [N, channels, height, width] inputs (height and width at least 4).
     */
    public static Sequential smallCnn(Rng rng, int channels, int height, int width, int classes) {
        return cnn(rng, channels, height, width, classes, 32, 64, 128);
    }

    /** The {@link #smallCnn} shape with chosen widths (for fast tests and small experiments). */
    public static Sequential cnn(Rng rng, int channels, int height, int width, int classes, int conv1, int conv2,
            int dense) {
        Dense.checkSize("channels", channels);
        Dense.checkSize("classes", classes);
        if (height < 4 || width < 4) {
            throw new IllegalArgumentException("cnn: height and width must be >= 4. Provided values: " + height + ", "
                    + width);
        }
        int h = height / 2 / 2;
        int w = width / 2 / 2;
        return new Sequential(
                new Conv2d(channels, conv1, 5, 1, 2, rng.child("layer", 0)),
                new ReLU(),
                new MaxPool2d(2),
                new Conv2d(conv1, conv2, 5, 1, 2, rng.child("layer", 1)),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(conv2 * h * w, dense, rng.child("layer", 2)),
                new ReLU(),
                new Dense(dense, classes, rng.child("layer", 3)));
    }
}
