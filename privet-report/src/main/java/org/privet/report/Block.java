package org.privet.report;

/**
 * One item of a report {@link Report.Section}, in display order: a paragraph of text, a metric, a
 * table or a chart.
 */
public sealed interface Block permits Block.Text, Metric, Table, Chart {

    /**
     * A paragraph of plain text (HTML-escaped when written; blank lines separate paragraphs).
     *
     * @param text not null
     */
    record Text(String text) implements Block {
        /** Checks the text is not null. */
        public Text {
            Checks.notNull("text", text);
        }
    }
}
