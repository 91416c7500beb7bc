package org.privet.pprl.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.privet.pprl.encode.Tokenizer;
import org.privet.pprl.schema.FieldSpec;
import org.privet.pprl.schema.LinkageSchema;

/**
 * What an attacker knows in plaintext: records of the schema's fields (e.g. a public voter list), each reduced to
 * its value (the normalised field values joined by {@code '|'}) and its token set, tokenised exactly as the encoder
 * does (the schema is public; only the key is secret). Tokens are tagged by field, since fields hash with
 * different keys. Distinct values are counted with their frequencies. Immutable after construction.
 */
public final class PlaintextValues {
    private final List<String> distinct = new ArrayList<>();
    private final List<int[]> distinctTokens = new ArrayList<>();
    private final int[] distinctCount;
    private final String[] recordValue;
    private final Map<String, Integer> tokenIds = new HashMap<>();
    private final List<String> tokenNames = new ArrayList<>();

    /**
     * @param schema  the (public) linkage schema
     * @param records one map per record, field name to raw value (missing keys are missing values)
     */
    public PlaintextValues(LinkageSchema schema, List<Map<String, String>> records) {
        List<FieldSpec> fields = schema.fields();
        Tokenizer[] tok = new Tokenizer[fields.size()];
        for (int f = 0; f < tok.length; f++) {
            tok[f] = new Tokenizer(fields.get(f));
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Integer> counts = new ArrayList<>();
        recordValue = new String[records.size()];
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < records.size(); r++) {
            Map<String, String> rec = records.get(r);
            sb.setLength(0);
            for (int f = 0; f < tok.length; f++) {
                if (f > 0) {
                    sb.append('|');
                }
                sb.append(tok[f].normalise(rec.get(fields.get(f).name())));
            }
            String v = sb.toString();
            recordValue[r] = v;
            Integer id = index.get(v);
            if (id == null) {
                id = distinct.size();
                index.put(v, id);
                distinct.add(v);
                counts.add(0);
                List<Integer> ids = new ArrayList<>();
                for (int f = 0; f < tok.length; f++) {
                    Set<String> ts = tok[f].tokens(rec.get(fields.get(f).name()));
                    for (String t : ts) {
                        ids.add(tokenIds.computeIfAbsent(f + ":" + t, k -> {
                            tokenNames.add(k);
                            return tokenNames.size() - 1;
                        }));
                    }
                }
                int[] a = ids.stream().mapToInt(Integer::intValue).toArray();
                Arrays.sort(a);
                distinctTokens.add(a);
            }
            counts.set(id, counts.get(id) + 1);
        }
        distinctCount = counts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of records. */
    public int records() {
        return recordValue.length;
    }

    /** The value of record {@code r} (normalised fields joined by '|'). */
    public String recordValue(int r) {
        return recordValue[r];
    }

    /** Number of distinct values. */
    public int distinctValues() {
        return distinct.size();
    }

    public String value(int d) {
        return distinct.get(d);
    }

    /** Records with distinct value {@code d}. */
    public int count(int d) {
        return distinctCount[d];
    }

    /** Sorted token ids of distinct value {@code d} (do not modify). */
    public int[] tokens(int d) {
        return distinctTokens.get(d);
    }

    /** Number of distinct tokens. */
    public int tokenCount() {
        return tokenNames.size();
    }

    /** A token's name, {@code fieldIndex + ":" + token}. */
    public String tokenName(int t) {
        return tokenNames.get(t);
    }

    /** Whether distinct value {@code d} has token {@code t}. */
    public boolean has(int d, int t) {
        return Arrays.binarySearch(distinctTokens.get(d), t) >= 0;
    }
}
