package org.privet.pprl.synth;

import java.util.List;
import java.util.Objects;

/**
 * One synthetic person record as written to CSV: record id, ground-truth entity id (same person, same entity id,
 * across files), and the values of {@link #COLUMNS}. Values may be empty (missing). Immutable.
 */
public record Person(String id, long entityId, String firstName, String lastName, String sex, String dob, String zip) {
    /** The CSV header written by {@link SynthDataset}. */
    public static final List<String> COLUMNS = List.of("id", "entity_id", "first_name", "last_name", "sex", "dob", "zip");

    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(dob, "dob");
        Objects.requireNonNull(zip, "zip");
    }

    /** The value of a column of {@link #COLUMNS}. */
    public String value(String column) {
        return switch (column) {
            case "id" -> id;
            case "entity_id" -> Long.toString(entityId);
            case "first_name" -> firstName;
            case "last_name" -> lastName;
            case "sex" -> sex;
            case "dob" -> dob;
            case "zip" -> zip;
            default -> throw new IllegalArgumentException("unknown column '" + column + "'; columns: " + COLUMNS);
        };
    }

    Person withId(String newId) {
        return new Person(newId, entityId, firstName, lastName, sex, dob, zip);
    }
}
