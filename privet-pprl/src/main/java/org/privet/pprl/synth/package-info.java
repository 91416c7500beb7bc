/**
 * Synthetic person records for linkage experiments: {@link org.privet.pprl.synth.SynthDataset} makes two files
 * with ground truth from the 1990 US census name frequencies ({@link org.privet.pprl.synth.NameTable}), with
 * realistic {@link org.privet.pprl.synth.Corruption}s (typos, OCR and phonetic errors, nicknames, missing values,
 * swapped fields) applied by the {@link org.privet.pprl.synth.Corruptor}. Seeded: the same seed gives the same data.
 */
package org.privet.pprl.synth;
