/**
 * Reports: every number of a run, with how it was measured, as {@code report.json} and as one
 * self-contained {@code index.html} with charts (JFreeChart, rendered headless to inline SVG/PNG).
 *
 * <p>Start at {@link org.privet.report.Report#builder(String)}: add {@link org.privet.report.Provenance}
 * (tool version, command, parameters, seed, dataset hash, times), then sections holding
 * {@link org.privet.report.Metric}s, {@link org.privet.report.Table}s and
 * {@link org.privet.report.Chart}s, and {@link org.privet.report.Report#writeTo(java.nio.file.Path)}
 * the folder. Writing is atomic: a reader sees the old report or the new one, never half of one.
 *
 * <p>The values are immutable; builders are not thread safe. Rendering needs no display: tests and
 * the CLI run with {@code -Djava.awt.headless=true}, and the writer sets it if nothing else did.
 */
package org.privet.report;
