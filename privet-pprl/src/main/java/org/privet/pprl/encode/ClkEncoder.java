package org.privet.pprl.encode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.privet.pprl.harden.Balancing;
import org.privet.pprl.harden.BitVectors;
import org.privet.pprl.harden.Blip;
import org.privet.pprl.harden.Rule90;
import org.privet.pprl.harden.XorFolding;
import org.privet.pprl.schema.FieldSpec;
import org.privet.pprl.schema.HardeningStep;
import org.privet.pprl.schema.LinkageSchema;

/**
 * Encodes records into cryptographic long-term keys (CLKs, Schnell, Bachteler and Reiher 2011): every field's
 * tokens are hashed with its own key (derived from the shared secret and the field's name) into one Bloom
 * filter of {@code bloomFilterBits} bits, then the schema's hardening steps run in order. Without BLIP the
 * encoding is a deterministic function of (schema, secret, values): the same for the same key, unrelated across
 * keys, and independent of column order. Field-level Bloom filters are available through {@link #encodeField}.
 *
 * <p>Token positions are memoised per field (at most 65536 tokens, then the memo starts over), as clkhash does:
 * names repeat their q-grams. The memo holds hashed positions, no plaintext beyond the tokens themselves.
 *
 * <p>Not thread-safe (MAC state, buffers, memo): use one encoder per thread; creation derives the keys in
 * microseconds.
 */
public final class ClkEncoder {
    private final LinkageSchema schema;
    private final List<String> columns;
    private final int[] fieldSlot;
    private final int[] saltSlot;
    private final Tokenizer[] tokenizers;
    private final TokenHasher[] hashers;
    private final int l;
    private final int[] positions = new int[1024];
    /** Per field: token (with salt) to its positions for the field's largest k; cleared when it grows past the cap. */
    private final List<java.util.HashMap<String, int[]>> cache;
    private final int[] maxK;
    private static final int CACHE_CAP = 1 << 16;
    private byte[] tokenBytes = new byte[256];
    private final Object[] stages; // per hardening step: Balancing, Blip, or null
    private final int[] stageBits; // input length of each step, then the output length
    private final long[][] buffers;

    private ClkEncoder(LinkageSchema schema, LinkageSecret secret, Long insecureNoiseSeed) {
        this.schema = Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(secret, "secret");
        List<FieldSpec> fields = schema.fields();
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (FieldSpec f : fields) {
            slots.putIfAbsent(f.name(), slots.size());
        }
        for (FieldSpec f : fields) {
            if (f.salt() != null) {
                slots.putIfAbsent(f.salt(), slots.size());
            }
        }
        this.columns = List.copyOf(slots.keySet());
        int n = fields.size();
        fieldSlot = new int[n];
        saltSlot = new int[n];
        tokenizers = new Tokenizer[n];
        hashers = new TokenHasher[n];
        cache = new java.util.ArrayList<>(n);
        maxK = new int[n];
        for (int i = 0; i < n; i++) {
            FieldSpec f = fields.get(i);
            cache.add(new java.util.HashMap<>());
            maxK[i] = f.maxBitsPerToken();
            fieldSlot[i] = slots.get(f.name());
            saltSlot[i] = f.salt() == null ? -1 : slots.get(f.salt());
            tokenizers[i] = new Tokenizer(f);
            hashers[i] = TokenHasher.create(f.hashing(), secret, f.name());
        }
        this.l = schema.bloomFilterBits();
        List<HardeningStep> steps = schema.hardening();
        stages = new Object[steps.size()];
        stageBits = new int[steps.size() + 1];
        buffers = new long[steps.size() + 1][];
        int bits = l;
        stageBits[0] = bits;
        buffers[0] = new long[BitVectors.words(bits)];
        for (int s = 0; s < steps.size(); s++) {
            HardeningStep h = steps.get(s);
            if (h instanceof HardeningStep.Balance) {
                stages[s] = new Balancing(bits, Hkdf.key(secret, "harden/" + s + "/balance", 32));
            } else if (h instanceof HardeningStep.Blip b) {
                stages[s] = insecureNoiseSeed == null ? Blip.secure(b.flipProbability())
                        : Blip.insecureSeeded(b.flipProbability(), insecureNoiseSeed + s);
            }
            bits = h.outputBits(bits);
            stageBits[s + 1] = bits;
            buffers[s + 1] = new long[BitVectors.words(bits)];
        }
    }

    /** An encoder whose BLIP noise (if any) comes from {@link java.security.SecureRandom}. */
    public static ClkEncoder create(LinkageSchema schema, LinkageSecret secret) {
        return new ClkEncoder(schema, secret, null);
    }

    /**
     * An encoder with reproducible, NOT secure BLIP noise seeded by {@code seed}: for tests and for experiments
     * that must be repeatable (the attack report), never for encodings that leave the data owner.
     */
    public static ClkEncoder insecureSeededNoise(LinkageSchema schema, LinkageSecret secret, long seed) {
        return new ClkEncoder(schema, secret, seed);
    }

    public LinkageSchema schema() {
        return schema;
    }

    /**
     * The columns the encoder reads, in the order {@link #encode(String[], long[], int)} expects their values:
     * the schema's fields, then salt columns that are not fields.
     */
    public List<String> columns() {
        return columns;
    }

    /** Bits per encoding (after hardening). */
    public int outputBits() {
        return stageBits[stageBits.length - 1];
    }

    /** 64-bit words per encoding. */
    public int wordsPerRecord() {
        return BitVectors.words(outputBits());
    }

    /**
     * Encodes one record into {@link #wordsPerRecord()} words of {@code out} from {@code offset} (overwritten).
     *
     * @param values one value per {@link #columns()} entry, same order; null or blank means missing
     * @throws FieldValueException naming the field if a value cannot be tokenised
     */
    public void encode(String[] values, long[] out, int offset) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("encode: expected " + columns.size() + " values " + columns
                    + ". Provided length: " + values.length);
        }
        long[] bf = buffers[0];
        java.util.Arrays.fill(bf, 0L);
        for (int f = 0; f < tokenizers.length; f++) {
            String salt = saltSlot[f] < 0 ? null : tokenizers[f].normalise(values[saltSlot[f]]);
            hashField(f, values[fieldSlot[f]], salt, bf);
        }
        harden(out, offset);
    }

    /** Encodes a record given as column name to value (missing keys are missing values). */
    public long[] encode(Map<String, String> record) {
        String[] v = new String[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = record.get(columns.get(i));
        }
        long[] out = new long[wordsPerRecord()];
        encode(v, out, 0);
        return out;
    }

    /**
     * The field-level Bloom filter (FBF, {@code bloomFilterBits} bits, no hardening) of one field's value,
     * salted with {@code saltValue} if the field has a salt column.
     */
    public long[] encodeField(String field, String value, String saltValue) {
        for (int f = 0; f < tokenizers.length; f++) {
            if (tokenizers[f].field().name().equals(field)) {
                long[] bf = new long[BitVectors.words(l)];
                hashField(f, value, saltValue == null ? null : tokenizers[f].normalise(saltValue), bf);
                return bf;
            }
        }
        throw new IllegalArgumentException("encodeField: no field '" + field + "' in the schema; fields: " + columns);
    }

    private void hashField(int f, String value, String salt, long[] bf) {
        Set<String> tokens = tokenizers[f].tokens(value);
        if (tokens.isEmpty()) {
            return;
        }
        int k = tokenizers[f].field().bitsFor(tokens.size());
        byte[] saltBytes = null;
        java.util.HashMap<String, int[]> memo = cache.get(f);
        for (String t : tokens) {
            String key = salt == null ? t : t + '\0' + salt;
            int[] pos = memo.get(key);
            if (pos == null) {
                if (salt != null && saltBytes == null) {
                    saltBytes = salt.getBytes(StandardCharsets.UTF_8);
                }
                int len = utf8(t, saltBytes);
                // positions of the first i hash functions do not depend on k: compute once for the largest k
                hashers[f].positions(tokenBytes, len, maxK[f], l, positions);
                pos = java.util.Arrays.copyOf(positions, maxK[f]);
                if (memo.size() >= CACHE_CAP) {
                    memo.clear();
                }
                memo.put(key, pos);
            }
            for (int i = 0; i < k; i++) {
                int p = pos[i];
                bf[p >>> 6] |= 1L << p;
            }
        }
    }

    /** Token bytes into {@link #tokenBytes}: UTF-8 of the token, then 0x00 and the salt if any. */
    private int utf8(String t, byte[] salt) {
        int n = t.length();
        int need = 3 * n + (salt == null ? 0 : salt.length + 1);
        if (need > tokenBytes.length) {
            tokenBytes = new byte[Math.max(need, 2 * tokenBytes.length)];
        }
        int len = 0;
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            tokenBytes[len++] = (byte) c;
        }
        if (!ascii) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, tokenBytes, 0, b.length);
            len = b.length;
        }
        if (salt != null) {
            tokenBytes[len++] = 0;
            System.arraycopy(salt, 0, tokenBytes, len, salt.length);
            len += salt.length;
        }
        return len;
    }

    private void harden(long[] out, int offset) {
        List<HardeningStep> steps = schema.hardening();
        for (int s = 0; s < steps.size(); s++) {
            HardeningStep h = steps.get(s);
            long[] in = buffers[s];
            long[] o = buffers[s + 1];
            int bits = stageBits[s];
            if (h instanceof HardeningStep.Balance) {
                ((Balancing) stages[s]).apply(in, 0, o, 0);
            } else if (h instanceof HardeningStep.XorFold) {
                XorFolding.apply(in, 0, bits, o, 0);
            } else if (h instanceof HardeningStep.Rule90) {
                Rule90.apply(in, 0, bits, o, 0);
            } else if (h instanceof HardeningStep.Blip) {
                System.arraycopy(in, 0, o, 0, in.length);
                ((Blip) stages[s]).apply(o, 0, bits);
            } else {
                throw new AssertionError("internal invariant: unhandled hardening step " + h);
            }
        }
        long[] last = buffers[steps.size()];
        System.arraycopy(last, 0, out, offset, last.length);
    }
}
