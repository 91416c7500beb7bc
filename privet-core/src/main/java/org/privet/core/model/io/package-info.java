/**
 * Model files: {@link org.privet.core.model.io.ModelFile} (the versioned, checksummed binary
 * container), {@link org.privet.core.model.io.Models} (save/load any registered kind with its
 * {@link org.privet.core.model.io.Provenance}), and {@link org.privet.core.model.io.ModelCodec}
 * (one per model kind; other packages register theirs).
 */
package org.privet.core.model.io;
