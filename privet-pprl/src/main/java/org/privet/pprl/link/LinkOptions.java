package org.privet.pprl.link;

import java.util.Objects;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.ClkBlocking;

/**
 * Settings of a linkage run; build with {@link #builder()}. A built instance is valid and immutable.
 *
 * <ul>
 *   <li>{@code threshold} in {@code [0, 1]} (default 0.8): pairs with Dice coefficient {@code >= threshold}
 *       are candidates.</li>
 *   <li>{@code topK} {@code >= 0} (default 0 = unlimited): keep at most the best {@code k} candidates of each
 *       record of the first database (ties broken by lower index of the second database).</li>
 *   <li>blocking: none (all pairs, the default), a {@link ClkBlocking} computed from the encodings, or
 *       precomputed {@link BlockKeys} of both databases (for example from clear-text phonetic codes).</li>
 *   <li>{@code threads} {@code >= 1} (default: available processors).</li>
 *   <li>{@code oneToOne} (default true): solve a one-to-one linkage with the greedy solver; false returns
 *       every candidate.</li>
 *   <li>{@code mergeThreshold} in {@code (0, 1]} (default 1.0): multiparty only, see
 *       {@link MultipartySolver}.</li>
 * </ul>
 */
public final class LinkOptions {
    private final double threshold;
    private final int topK;
    private final ClkBlocking blocking;
    private final BlockKeys keysA;
    private final BlockKeys keysB;
    private final int threads;
    private final boolean oneToOne;
    private final double mergeThreshold;
    private final LinkProgress progress;

    private LinkOptions(Builder b) {
        this.threshold = b.threshold;
        this.topK = b.topK;
        this.blocking = b.blocking;
        this.keysA = b.keysA;
        this.keysB = b.keysB;
        this.threads = b.threads;
        this.oneToOne = b.oneToOne;
        this.mergeThreshold = b.mergeThreshold;
        this.progress = b.progress;
    }

    /** Defaults: threshold 0.8, no top-k, no blocking, all processors, one-to-one. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults with the given threshold. */
    public static LinkOptions threshold(double threshold) {
        return builder().threshold(threshold).build();
    }

    public double threshold() {
        return threshold;
    }

    /** 0 = unlimited. */
    public int topK() {
        return topK;
    }

    /** Blocking on encodings, or null. */
    public ClkBlocking blocking() {
        return blocking;
    }

    /** Precomputed keys of the first database, or null. */
    public BlockKeys keysA() {
        return keysA;
    }

    /** Precomputed keys of the second database, or null. */
    public BlockKeys keysB() {
        return keysB;
    }

    public int threads() {
        return threads;
    }

    public boolean oneToOne() {
        return oneToOne;
    }

    public double mergeThreshold() {
        return mergeThreshold;
    }

    public LinkProgress progress() {
        return progress;
    }

    /** A builder holding the same settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.threshold = threshold;
        b.topK = topK;
        b.blocking = blocking;
        b.keysA = keysA;
        b.keysB = keysB;
        b.threads = threads;
        b.oneToOne = oneToOne;
        b.mergeThreshold = mergeThreshold;
        b.progress = progress;
        return b;
    }

    /** Unchecked settings; {@link #build()} validates. Not thread safe. */
    public static final class Builder {
        private double threshold = 0.8;
        private int topK;
        private ClkBlocking blocking;
        private BlockKeys keysA;
        private BlockKeys keysB;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean oneToOne = true;
        private double mergeThreshold = 1.0;
        private LinkProgress progress = LinkProgress.NONE;

        private Builder() {
        }

        public Builder threshold(double t) {
            this.threshold = t;
            return this;
        }

        public Builder topK(int k) {
            this.topK = k;
            return this;
        }

        /** Blocking on the encodings (replaces precomputed keys). */
        public Builder blocking(ClkBlocking b) {
            this.blocking = b;
            this.keysA = null;
            this.keysB = null;
            return this;
        }

        /** Precomputed keys of both databases, in record order (replaces {@link #blocking(ClkBlocking)}). */
        public Builder blockKeys(BlockKeys a, BlockKeys b) {
            this.keysA = Objects.requireNonNull(a, "keys of the first database");
            this.keysB = Objects.requireNonNull(b, "keys of the second database");
            this.blocking = null;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder oneToOne(boolean on) {
            this.oneToOne = on;
            return this;
        }

        public Builder mergeThreshold(double m) {
            this.mergeThreshold = m;
            return this;
        }

        public Builder progress(LinkProgress p) {
            this.progress = Objects.requireNonNull(p, "progress");
            return this;
        }

        public LinkOptions build() {
            Dice.checkThreshold(threshold);
            if (topK < 0) {
                throw new IllegalArgumentException("topK must be >= 0 (0 = unlimited). Provided value: " + topK);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1. Provided value: " + threads);
            }
            if (!(mergeThreshold > 0 && mergeThreshold <= 1)) {
                throw new IllegalArgumentException("mergeThreshold must be in (0, 1]. Provided value: "
                        + mergeThreshold);
            }
            return new LinkOptions(this);
        }
    }
}
