package org.privet.dp.aggregate;

/** One-shot release state shared by the aggregates (not thread-safe; callers synchronise). */
final class Release {
    private final String what;
    private boolean released;

    Release(String what) {
        this.what = what;
    }

    /** Throws if the result was already released (adding data or releasing again). */
    void checkOpen() {
        if (released) {
            throw new IllegalStateException(what + ": the result was already released; a DP aggregate releases once "
                    + "(a second release would spend the privacy budget again)");
        }
    }

    /** Marks the release; throws if it already happened. */
    void release() {
        checkOpen();
        released = true;
    }

    void checkReleased() {
        if (!released) {
            throw new IllegalStateException(what + ": no result released yet; call computeResult() first");
        }
    }
}
