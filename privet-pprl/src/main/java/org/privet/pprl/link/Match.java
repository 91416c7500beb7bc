package org.privet.pprl.link;

/**
 * A linked pair: record {@code indexA} (id {@code idA}) of the first database and record {@code indexB}
 * (id {@code idB}) of the second, with their Dice coefficient {@code score} in {@code [0, 1]}.
 */
public record Match(int indexA, int indexB, String idA, String idB, double score) {
}
