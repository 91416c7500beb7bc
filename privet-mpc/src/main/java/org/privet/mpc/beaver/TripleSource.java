package org.privet.mpc.beaver;

/**
 * Where one party gets its correlated randomness (Beaver triples). All parties of a run call the same
 * methods with the same arguments in the same order (the protocols do this by construction); the i-th call
 * of every party returns that party's shares of the same triples.
 *
 * <p>Implementations: {@link TrustedDealer} (a dealer who never sees inputs, CrypTen's TTP mode) and
 * {@link OtTripleSource} (two parties, no dealer: oblivious transfer). Not thread-safe: one protocol thread
 * per party.
 */
public interface TripleSource {
    /** This party's id. */
    int party();

    /** Number of parties the triples are shared among. */
    int parties();

    /** Shares of {@code count >= 0} arithmetic triples. */
    ArithmeticTriples arithmetic(int count);

    /** Shares of one matrix triple {@code [m,k] x [k,n]}. */
    MatrixTriple matrix(int m, int k, int n);

    /** Shares of {@code words >= 0} words (64 each) of AND triples. */
    BinaryTriples binary(int words);

    /**
     * Shares of {@code count >= 0} truncation pairs {@code (r, r >> bits)} ({@link TruncationPairs}), which let
     * any number of parties truncate in one round ({@code MpcSession.truncate} uses them for more than two
     * parties). The default throws {@link IllegalStateException}: only a dealer provides them.
     */
    default TruncationPairs truncationPairs(int count, int bits) {
        throw new IllegalStateException(getClass().getSimpleName() + " provides no truncation pairs; fixed-point"
                + " arithmetic among " + parties() + " parties needs a TrustedDealer");
    }

    /** Checks a size argument; shared by implementations. */
    static void checkCount(String what, long count) {
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " must be in [0, 2^31 - 9]. Provided value: " + count);
        }
    }
}
