package org.privet.bench.pprl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.privet.pprl.synth.Person;
import org.privet.pprl.synth.SynthConfig;
import org.privet.pprl.synth.SynthDataset;

/**
 * The records and schema of {@link EncodeBench}, shared with the clkhash peer: {@value #RECORDS} synthetic people
 * (seed 42), fields first_name and last_name (bigrams, padded), sex, dob and zip (exact), 20 bits per token, 1024
 * bits. {@code main(dir)} writes {@code records.csv} and {@code privet-schema.json} there for the peer script.
 */
public final class EncodeData {
    public static final int RECORDS = 10_000;

    private EncodeData() {
    }

    static List<Person> people() {
        return SynthDataset.generate(SynthConfig.defaults(RECORDS, 42)).a();
    }

    static String schemaJson(String hashing, String hardening) {
        String f = "\"hashing\": \"" + hashing + "\", \"bitsPerToken\": 20}";
        return "{\"version\": 1, \"bloomFilterBits\": 1024, \"fields\": ["
                + "{\"name\": \"first_name\", \"tokenizer\": {\"type\": \"qgram\", \"q\": 2, \"padding\": true}, " + f + ","
                + "{\"name\": \"last_name\", \"tokenizer\": {\"type\": \"qgram\", \"q\": 2, \"padding\": true}, " + f + ","
                + "{\"name\": \"sex\", \"tokenizer\": {\"type\": \"exact\"}, " + f + ","
                + "{\"name\": \"dob\", \"tokenizer\": {\"type\": \"exact\"}, " + f + ","
                + "{\"name\": \"zip\", \"tokenizer\": {\"type\": \"exact\"}, " + f + "],"
                + "\"hardening\": [" + switch (hardening) {
                    case "none" -> "";
                    case "blip" -> "{\"type\": \"blip\", \"flipProbability\": 0.02}";
                    default -> "{\"type\": \"" + hardening + "\"}";
                } + "]}";
    }

    static String[][] rows(List<String> columns) {
        List<Person> people = people();
        String[][] rows = new String[people.size()][columns.size()];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < columns.size(); c++) {
                rows[i][c] = people.get(i).value(columns.get(c));
            }
        }
        return rows;
    }

    static void writeCsv(Path csv) throws IOException {
        SynthDataset.writeCsv(csv, people());
    }

    /** Writes records.csv and privet-schema.json (blake2b, no hardening) into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        writeCsv(dir.resolve("records.csv"));
        java.nio.file.Files.writeString(dir.resolve("privet-schema.json"), schemaJson("blake2b", "none"));
    }
}
