package org.privet.core.model.io;

/**
 * Converts one kind of model to and from {@link ModelFile.Contents}. Register implementations with
 * {@link Models#register}; {@link Models} adds the provenance, so codecs must not use the header
 * key {@code "provenance"}.
 *
 * <p>Implementations must be stateless and thread safe.
 *
 * @param <T> the model type
 */
public interface ModelCodec<T> {
    /** The kind written into the header, e.g. {@code "logistic-regression"}: lower case, digits and '-'. */
    String kind();

    /** The model class this codec encodes (subclasses are accepted too). */
    Class<T> type();

    /** The arrays and header fields that reproduce {@code model} exactly. */
    ModelFile.Contents encode(T model);

    /**
     * Rebuilds the model.
     *
     * @throws IllegalArgumentException when the contents are inconsistent (missing array, wrong
     *     shape, invalid structure); {@link Models#load} reports it with the file path
     */
    T decode(ModelFile.Contents contents);
}
