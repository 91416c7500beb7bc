/**
 * Evaluation of a linkage against ground truth: precision, recall and F1 of the linked pairs, pairs
 * completeness and reduction ratio of a blocking, and the pairs CSV files that carry links and truth.
 */
package org.privet.pprl.eval;
