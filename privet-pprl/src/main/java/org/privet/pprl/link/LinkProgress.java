package org.privet.pprl.link;

/**
 * Progress of a linkage run, reported in records of the first database. Implementations must tolerate
 * calls from several worker threads at once. Libraries never print; the CLI renders this.
 */
@FunctionalInterface
public interface LinkProgress {
    /** {@code done} of {@code total} units of {@code stage} are complete. */
    void update(String stage, long done, long total);

    /** Discards progress. */
    LinkProgress NONE = (stage, done, total) -> {
    };
}
