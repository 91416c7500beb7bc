/**
 * Seeded synthetic data sets that need no download: Purchase-100-like binary vectors labelled by
 * k-means ({@link org.privet.core.data.synthetic.PurchaseLike}, {@link org.privet.core.data.synthetic.KMeans}),
 * Gaussian mixtures with optional categorical columns, and small shape images.
 */
package org.privet.core.data.synthetic;
