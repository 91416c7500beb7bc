/**
 * Centralised detection of poisoned training examples from a trained model's representations:
 * {@link org.privet.attacks.poison.detect.SpectralSignatures} (Tran et al. 2018) and
 * {@link org.privet.attacks.poison.detect.ActivationClustering} (Chen et al. 2018), over
 * {@link org.privet.attacks.poison.detect.Representations#penultimate}. Results are
 * {@link org.privet.attacks.poison.detect.PoisonDetection} records with recall and false-positive rate
 * against ground truth.
 */
package org.privet.attacks.poison.detect;
