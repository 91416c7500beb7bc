package org.privet.pprl.schema;

/**
 * One hardening step applied to a record's Bloom filter after all fields are hashed, in schema order. The steps
 * change the length: {@link Balance} doubles it, {@link XorFold} halves it (Schnell, Borgs and Encheva 2016;
 * Schnell and Borgs 2016; Schnell, Borgs and Encheva 2018 for Rule 90). See {@code org.privet.pprl.harden} for
 * the operations.
 */
public sealed interface HardeningStep {
    /** The JSON {@code type} name. */
    String type();

    /** Output length for an input of {@code bits} bits. */
    int outputBits(int bits);

    /** How many output bits one input bit can change (for the sensitivity of a later BLIP step). */
    int bitSpread();

    /** Balanced Bloom filter: the filter, then its complement, under a secret permutation (length {@code 2l}). */
    record Balance() implements HardeningStep {
        @Override
        public String type() {
            return "balance";
        }

        @Override
        public int outputBits(int bits) {
            return 2 * bits;
        }

        @Override
        public int bitSpread() {
            return 2;
        }
    }

    /** XOR-folding: bit {@code i} of the output is bit {@code i} XOR bit {@code i + l/2} ({@code l} even). */
    record XorFold() implements HardeningStep {
        @Override
        public String type() {
            return "xorFold";
        }

        @Override
        public int outputBits(int bits) {
            return bits / 2;
        }

        @Override
        public int bitSpread() {
            return 1;
        }
    }

    /** Rule 90 of the elementary cellular automata: bit {@code i} becomes bit {@code i-1} XOR bit {@code i+1} (cyclic). */
    record Rule90() implements HardeningStep {
        @Override
        public String type() {
            return "rule90";
        }

        @Override
        public int outputBits(int bits) {
            return bits;
        }

        @Override
        public int bitSpread() {
            return 2;
        }
    }

    /**
     * BLIP (Alaggan, Gambs and Kermarrec 2012; Schnell and Borgs 2016): every bit is flipped independently with
     * probability {@code flipProbability} in {@code (0, 0.5)}, randomised response. Two records whose filters
     * differ in at most {@code sensitivityBits} bits (at this step) are then indistinguishable up to
     * {@code epsilon = sensitivityBits * ln((1 - p) / p)}. The default sensitivity is one token changed in the
     * field with the most bits per token: {@code 2k} bits, times the spread of earlier steps. Fresh noise per
     * encoding: a BLIP-hardened encoding is not deterministic.
     */
    record Blip(double flipProbability, int sensitivityBits) implements HardeningStep {
        @Override
        public String type() {
            return "blip";
        }

        @Override
        public int outputBits(int bits) {
            return bits;
        }

        @Override
        public int bitSpread() {
            return 1;
        }

        /** {@code sensitivityBits * ln((1 - p) / p)}. */
        public double epsilon() {
            return sensitivityBits * Math.log((1 - flipProbability) / flipProbability);
        }

        /** The flip probability that gives {@code epsilon} for {@code sensitivityBits}: {@code 1 / (1 + e^(eps / s))}. */
        public static double flipProbabilityFor(double epsilon, int sensitivityBits) {
            return 1.0 / (1.0 + Math.exp(epsilon / sensitivityBits));
        }
    }
}
