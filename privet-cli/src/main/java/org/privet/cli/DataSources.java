package org.privet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.privet.core.data.Dataset;
import org.privet.core.data.UnseenCategory;
import org.privet.core.data.io.ArffLoader;
import org.privet.core.data.io.CsvLoader;
import org.privet.core.data.io.IdxLoader;
import org.privet.core.data.io.KnownFormats;
import org.privet.core.data.io.ImageFolderLoader;
import org.privet.core.data.registry.DatasetRegistry;
import org.privet.core.data.registry.RegistryEntry;
import org.privet.core.data.split.Splits;
import org.privet.core.data.split.TrainTestSplit;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.data.synthetic.PurchaseLike;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.data.transform.OneHotEncoder;
import org.privet.core.data.transform.Standardizer;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;

/**
 * Turns a {@code --data} argument into train and test sets: a built-in generator, a pinned
 * registry data set (fetched on first use), or a file or folder. Tabular features are
 * standardised with statistics of the training split only.
 */
final class DataSources {
    /** Built-in generators: no download, seeded. */
    static final List<String> GENERATED = List.of("purchase", "gaussian", "images");

    private DataSources() {
    }

    /** The resolved data: train and test splits and a one-line description. */
    record Loaded(String name, Dataset train, Dataset test, String description, String source) {
        boolean isImage() {
            return train.features().rank() == 4;
        }
    }

    /** Options of the data flags. */
    record Request(String data, String label, Path idxLabels, int records, Integer classes, Integer features,
            double testFraction) {
    }

    static Loaded load(Request r, Rng rng, Progress progress) {
        String d = r.data();
        if (d == null || d.isBlank()) {
            throw new UsageException("--data must name a built-in set (" + String.join(", ", GENERATED)
                    + "), a registry data set or a file. Provided value: '" + d + "'");
        }
        if (r.testFraction() <= 0 || r.testFraction() >= 1) {
            throw new UsageException("--test-fraction must be in (0, 1). Provided value: " + r.testFraction());
        }
        Rng dataRng = rng.child("data");
        String key = d.toLowerCase(Locale.ROOT);
        if (GENERATED.contains(key)) {
            return generated(key, r, dataRng);
        }
        DatasetRegistry registry = DatasetRegistry.standard();
        boolean isRegistryName = registry.entries().stream().anyMatch(e -> e.name().equals(key));
        Path path = Path.of(d);
        if (isRegistryName && !Files.exists(path)) {
            return registry(registry, key, r, dataRng, progress);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            return zip(path, r, dataRng, progress);
        }
        if (!Files.exists(path)) {
            throw new UsageException("--data: '" + d + "' is neither a built-in set (" + String.join(", ", GENERATED)
                    + "), a registry data set (" + registryNames(registry) + ") nor an existing file or folder");
        }
        Dataset all = file(path, r, progress);
        return split(all.name(), all, r, dataRng, "file " + path, path.toString());
    }

    private static String registryNames(DatasetRegistry registry) {
        List<String> names = new ArrayList<>();
        for (RegistryEntry e : registry.entries()) {
            names.add(e.name());
        }
        return String.join(", ", names);
    }

    private static Loaded generated(String key, Request r, Rng rng) {
        int n = r.records();
        if (n < 20) {
            throw new UsageException("--records must be >= 20. Provided value: " + n);
        }
        Dataset all;
        String desc;
        switch (key) {
            case "purchase" -> {
                int classes = r.classes() == null ? 10 : r.classes();
                int features = r.features() == null ? 600 : r.features();
                all = PurchaseLike.generate(n, features, classes, rng);
                desc = "Purchase-like synthetic data (Shokri et al. 2017 construction): " + n + " records, "
                        + features + " binary features, " + classes + " k-means classes";
            }
            case "gaussian" -> {
                int classes = r.classes() == null ? 4 : r.classes();
                int features = r.features() == null ? 20 : r.features();
                all = GaussianMixture.generate(n, classes, features, 2.0, rng);
                desc = "Gaussian mixture: " + n + " records, " + features + " features, " + classes + " classes";
            }
            case "images" -> {
                int classes = r.classes() == null ? 10 : r.classes();
                all = SyntheticImages.generate(n, classes, rng);
                int[] s = all.features().shape();
                desc = "synthetic images: " + n + " images " + s[1] + "x" + s[2] + "x" + s[3] + ", " + classes
                        + " classes";
            }
            default -> throw new AssertionError("internal invariant: unknown generator " + key);
        }
        return split(key, all, r, rng, desc, "generated:" + key);
    }

    private static Loaded registry(DatasetRegistry registry, String key, Request r, Rng rng, Progress progress) {
        if (!registry.isCached(key)) {
            registry.fetch(key, progress);
        }
        Map<String, Dataset> parts = registry.load(key);
        if (parts.containsKey("train") && parts.containsKey("test")) {
            Dataset train = parts.get("train");
            Dataset test = parts.get("test");
            Dataset[] prepared = prepare(train, test);
            train = prepared[0];
            test = prepared[1];
            return new Loaded(key, train, test, key + " (registry): " + train.size() + " train, " + test.size()
                    + " test records, " + train.numClasses() + " classes", "registry:" + key);
        }
        Dataset all = parts.values().iterator().next();
        return split(key, all, r, rng, key + " (registry)", "registry:" + key);
    }

    /**
     * A zip of class folders: {@code train/CLASS/*} and {@code test/CLASS/*} (CIFAR-10's layout) give
     * the two splits; otherwise the class folders at the top are split like any other data.
     */
    private static Loaded zip(Path path, Request r, Rng rng, Progress progress) {
        String name = DataFilesName.of(path);
        boolean hasTrain = false;
        boolean hasTest = false;
        try (java.util.zip.ZipFile zf = new java.util.zip.ZipFile(path.toFile())) {
            var entries = zf.entries();
            while (entries.hasMoreElements() && !(hasTrain && hasTest)) {
                String e = entries.nextElement().getName();
                hasTrain |= e.startsWith("train/");
                hasTest |= e.startsWith("test/");
            }
        } catch (java.io.IOException e) {
            throw new org.privet.core.data.DataFormatException(path, "not a readable zip archive", e);
        }
        if (hasTrain && hasTest) {
            Dataset train = ImageFolderLoader.loadZip(path, "train", ImageFolderLoader.options().rgb(true)
                    .name(name + "-train").build(), progress);
            Dataset test = ImageFolderLoader.loadZip(path, "test", ImageFolderLoader.options().rgb(true)
                    .name(name + "-test").build(), progress);
            return new Loaded(name, train, test, name + " (zip " + path + "): " + train.size() + " train, "
                    + test.size() + " test images " + train.features().shapeString(), path.toString());
        }
        Dataset all = ImageFolderLoader.loadZip(path, "", ImageFolderLoader.options().rgb(true).name(name).build(),
                progress);
        return split(name, all, r, rng, "image folders in zip " + path, path.toString());
    }

    private static final class DataFilesName {
        static String of(Path p) {
            String n = p.getFileName().toString();
            int dot = n.indexOf('.');
            return dot > 0 ? n.substring(0, dot) : n;
        }
    }

    private static Dataset file(Path path, Request r, Progress progress) {
        if (Files.isDirectory(path)) {
            return ImageFolderLoader.load(path, ImageFolderLoader.options().build(), progress);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches("adult\\.(data|test)(\\.gz)?")) {
            // UCI Adult has no header: its known layout (label 'income')
            return CsvLoader.load(path, KnownFormats.adult());
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".tsv") || name.endsWith(".data")
                || name.endsWith(".data.gz")) {
            if (r.label() == null) {
                throw new UsageException("--label COLUMN is required for CSV data (" + path + ")");
            }
            CsvLoader.Options.Builder o = CsvLoader.options().label(r.label());
            if (name.endsWith(".tsv")) {
                o.delimiter('\t');
            }
            return CsvLoader.load(path, o.build());
        }
        if (name.endsWith(".arff") || name.endsWith(".arff.gz")) {
            ArffLoader.Options.Builder o = ArffLoader.options();
            if (r.label() != null) {
                o.label(r.label());
            }
            return ArffLoader.load(path, o.build());
        }
        if (name.contains("idx") || name.endsWith("-ubyte") || name.endsWith("-ubyte.gz")) {
            if (r.idxLabels() == null) {
                throw new UsageException("--idx-labels FILE is required with IDX images (" + path + ")");
            }
            IdxLoader.IdxArray labels = IdxLoader.read(r.idxLabels());
            int classes = 0;
            for (int i = 0; i < labels.values().length; i++) {
                classes = Math.max(classes, labels.get(i) + 1);
            }
            return IdxLoader.load(path, r.idxLabels(), IdxFileName.base(path), Math.max(classes, 2), null);
        }
        throw new UsageException("--data: cannot tell the format of '" + path
                + "' (expected .csv, .csv.gz, .tsv, .arff, an IDX file or a folder of class folders)");
    }

    private static boolean isImage(Dataset d) {
        return d.features().rank() == 4;
    }

    private static Loaded split(String name, Dataset all, Request r, Rng rng, String desc, String source) {
        int minimum = Math.max(20, 4 * all.numClasses());
        if (all.size() < minimum) {
            throw new UsageException("data '" + name + "' has " + all.size() + " records; a train/test split with "
                    + all.numClasses() + " classes needs at least " + minimum);
        }
        TrainTestSplit s = Splits.trainTest(all, r.testFraction(), rng.child("split"));
        Dataset train = s.train();
        Dataset test = s.test();
        Dataset[] prepared = prepare(train, test);
        return new Loaded(name, prepared[0], prepared[1], desc, source);
    }

    /**
     * Tabular data: one-hot encodes categorical columns (unseen test categories become all zeros)
     * and standardises numeric columns, both fitted on the training split only. Images pass as they are.
     */
    static Dataset[] prepare(Dataset train, Dataset test) {
        if (isImage(train)) {
            return new Dataset[] {train, test};
        }
        OneHotEncoder enc = OneHotEncoder.fit(train, UnseenCategory.ZEROS);
        Dataset tr = enc.apply(train);
        Dataset te = enc.apply(test);
        Standardizer st = Standardizer.fit(tr);
        return new Dataset[] {st.apply(tr), st.apply(te)};
    }

    /** Summary numbers for reports and JSON. */
    static Map<String, Object> describe(Loaded d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("source", d.source());
        m.put("description", d.description());
        m.put("train", d.train().size());
        m.put("test", d.test().size());
        m.put("classes", d.train().numClasses());
        m.put("featureShape", d.train().features().shape());
        m.put("trainHash", d.train().contentHash());
        return m;
    }

    private static final class IdxFileName {
        static String base(Path p) {
            String n = p.getFileName().toString();
            int i = n.indexOf('-');
            return i > 0 ? n.substring(0, i) : n;
        }
    }
}
