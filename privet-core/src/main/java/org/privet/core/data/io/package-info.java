/**
 * Loaders from files: delimited text ({@link org.privet.core.data.io.CsvLoader}), Weka ARFF
 * ({@link org.privet.core.data.io.ArffLoader}), MNIST's IDX ({@link org.privet.core.data.io.IdxLoader}),
 * Netpbm grey maps ({@link org.privet.core.data.io.Pgm}) and class-per-folder image collections
 * ({@link org.privet.core.data.io.ImageFolderLoader}). Gzipped input is detected from its magic
 * bytes. Every problem with the input raises {@link org.privet.core.data.DataFormatException}
 * naming file, line and column.
 */
package org.privet.core.data.io;
