package org.privet.core.progress;

/**
 * Progress of long work (epochs, models, queries). The CLI renders it as a progress bar;
 * libraries call it and never print.
 *
 * <p>Implementations must tolerate calls from several threads.
 */
public interface Progress {
    /** Starts a task of {@code total} units ({@code total <= 0} when unknown). */
    void start(String task, long total);

    /** Reports that {@code done} units of the current task are complete; {@code detail} may be empty. */
    void update(long done, String detail);

    /** Ends the current task. */
    void finish();

    /** Discards all progress. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void update(long done, String detail) {
        }

        @Override
        public void finish() {
        }
    };
}
