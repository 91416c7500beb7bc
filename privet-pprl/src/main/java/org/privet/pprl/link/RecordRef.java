package org.privet.pprl.link;

/** Record {@code index} (id {@code id}) of database number {@code dataset} (0-based, in the order given). */
public record RecordRef(int dataset, int index, String id) {
}
