package org.privet.pprl.synth;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.privet.pprl.encode.CsvReader;

/**
 * Two files of synthetic person records for linkage experiments, with ground truth: A, and B holding corrupted
 * copies of some of A's people besides people of its own. First names are drawn by sex and surnames from the
 * 1990 US census frequency lists, birth dates uniformly over ages 18 to 90 at 2020-01-01, zip codes from a
 * Zipf-like distribution over 2000 codes. Deterministic for a {@link SynthConfig#seed()}. Immutable.
 */
public final class SynthDataset {
    private static final LocalDate REFERENCE = LocalDate.of(2020, 1, 1);
    private final List<Person> a;
    private final List<Person> b;
    private final SynthConfig config;

    private SynthDataset(List<Person> a, List<Person> b, SynthConfig config) {
        this.a = List.copyOf(a);
        this.b = List.copyOf(b);
        this.config = config;
    }

    public List<Person> a() {
        return a;
    }

    public List<Person> b() {
        return b;
    }

    public SynthConfig config() {
        return config;
    }

    /** Generates both files. */
    public static SynthDataset generate(SynthConfig c) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        SplittableRandom people = rng.split();
        SplittableRandom noise = rng.split();
        SplittableRandom order = rng.split();
        String[] zips = new String[2000];
        double[] zipWeights = new double[zips.length];
        for (int i = 0; i < zips.length; i++) {
            zips[i] = String.format("%05d", people.nextInt(100_000));
            zipWeights[i] = 1.0 / (i + 1);
        }
        NameTable zipTable = new NameTable(List.of(zips), zipWeights);
        int shared = c.shared();
        List<Person> a = new ArrayList<>(c.recordsA());
        List<Person> b = new ArrayList<>(c.recordsB());
        long entity = 0;
        for (int i = 0; i < c.recordsA(); i++) {
            a.add(person(entity++, people, zipTable));
        }
        for (int i = 0; i < shared; i++) {
            b.add(a.get(i));
        }
        for (int i = shared; i < c.recordsB(); i++) {
            b.add(person(entity++, people, zipTable));
        }
        Corruptor corruptor = new Corruptor();
        Corruption[] kinds = c.kinds().toArray(new Corruption[0]);
        java.util.Arrays.sort(kinds);
        for (int i = 0; i < b.size(); i++) {
            if (noise.nextDouble() < c.corruptionRate()) {
                Person p = b.get(i);
                int n = 1 + noise.nextInt(c.maxCorruptions());
                for (int e = 0; e < n; e++) {
                    p = corruptor.corrupt(p, kinds[noise.nextInt(kinds.length)], noise);
                }
                b.set(i, p);
            }
        }
        shuffle(a, order);
        shuffle(b, order);
        for (int i = 0; i < a.size(); i++) {
            a.set(i, a.get(i).withId("a" + i));
        }
        for (int i = 0; i < b.size(); i++) {
            b.set(i, b.get(i).withId("b" + i));
        }
        return new SynthDataset(a, b, c);
    }

    private static void shuffle(List<Person> l, SplittableRandom r) {
        for (int i = l.size() - 1; i > 0; i--) {
            Collections.swap(l, i, r.nextInt(i + 1));
        }
    }

    private static Person person(long entity, SplittableRandom r, NameTable zips) {
        boolean female = r.nextBoolean();
        String first = Corruptor.capitalise((female ? NameTable.femaleFirstNames() : NameTable.maleFirstNames()).sample(r));
        String last = Corruptor.capitalise(NameTable.surnames().sample(r));
        long ageDays = 18 * 365 + r.nextInt(72 * 365);
        String dob = REFERENCE.minusDays(ageDays).toString();
        return new Person("", entity, first, last, female ? "f" : "m", dob, zips.sample(r));
    }

    /** The true matches: pairs (A id, B id) of the same entity. */
    public List<String[]> truth() {
        java.util.Map<Long, String> aIds = new java.util.HashMap<>();
        for (Person p : a) {
            aIds.put(p.entityId(), p.id());
        }
        List<String[]> t = new ArrayList<>();
        for (Person p : b) {
            String ai = aIds.get(p.entityId());
            if (ai != null) {
                t.add(new String[] {ai, p.id()});
            }
        }
        return t;
    }

    /** Writes records as CSV with header {@link Person#COLUMNS}, atomically (temp file, then move). */
    public static void writeCsv(Path target, List<Person> records) throws IOException {
        atomicWrite(target, w -> {
            w.write(String.join(",", Person.COLUMNS));
            w.write('\n');
            for (Person p : records) {
                for (int i = 0; i < Person.COLUMNS.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(CsvReader.quote(p.value(Person.COLUMNS.get(i))));
                }
                w.write('\n');
            }
        });
    }

    /** Writes the truth as CSV {@code a_id,b_id}, atomically. */
    public void writeTruth(Path target) throws IOException {
        List<String[]> t = truth();
        atomicWrite(target, w -> {
            w.write("a_id,b_id\n");
            for (String[] pair : t) {
                w.write(pair[0] + "," + pair[1] + "\n");
            }
        });
    }

    private interface Body {
        void write(BufferedWriter w) throws IOException;
    }

    private static void atomicWrite(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
