/**
 * Data sets for privacy experiments: {@link org.privet.core.data.Dataset} (features, labels,
 * {@link org.privet.core.data.Schema}, content hash for provenance) and the single input exception
 * of all loaders, {@link org.privet.core.data.DataFormatException}.
 *
 * <p>Sub-packages: {@code io} (CSV, ARFF, IDX, PGM and image-folder loaders), {@code transform}
 * (one-hot encoding, standardisation, min-max scaling, fitted on training data only),
 * {@code split} (stratified train/test, k-fold and membership-inference pools), {@code synthetic}
 * (seeded generators: Purchase-like, Gaussian mixture, shape images; k-means++) and
 * {@code registry} (pinned real data sets fetched from npm / Debian, verified and cached).
 */
package org.privet.core.data;
