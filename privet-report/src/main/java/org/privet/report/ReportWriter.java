package org.privet.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a report folder atomically: render everything in memory, write it into a fresh temporary
 * folder next to the target ({@code .<name>.tmp-*}), flush each file to disk, then rename the folder
 * into place. An existing report is first renamed aside ({@code .<name>.old-*}) and deleted only
 * after the new one is in place; if that final rename fails, the old one is renamed back. A reader
 * therefore never sees a half-written report (between the two renames there is briefly no folder).
 */
final class ReportWriter {
    /** Test seam: called after each file is written into the temporary folder. */
    interface Hook {
        void afterWrite(Path file) throws IOException;
    }

    static final Hook NO_HOOK = file -> { };

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private ReportWriter() {
    }

    static void write(Report report, Path dir, Hook hook) throws IOException {
        Checks.notNull("report folder", dir);
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || target.getFileName() == null) {
            throw new IllegalArgumentException("report folder must have a parent folder. Provided: " + dir);
        }
        String name = target.getFileName().toString();
        checkReplaceable(target);
        // render first: rendering failures (fonts, bad data) happen before anything touches the disk
        String json = report.toJson();
        String html = report.toHtml();
        Files.createDirectories(parent);
        Path tmp = freshFolder(parent, "." + name + ".tmp-");
        try {
            writeFile(tmp.resolve(Report.JSON_FILE), json, hook);
            writeFile(tmp.resolve(Report.HTML_FILE), html, hook);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(tmp, e);
                throw e;
            }
            return;
        }
        Path old = freshFolder(parent, "." + name + ".old-");
        Files.delete(old); // we only wanted a fresh unique name
        try {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException restore) {
                e.addSuppressed(new IOException("could not restore the previous report from " + old, restore));
            }
            deleteQuietly(tmp, e);
            throw e;
        }
        deleteRecursively(old);
    }

    /**
     * A new folder {@code prefix + random} in {@code parent}, created with the default permissions
     * (unlike {@link Files#createTempDirectory}, which makes it private to the user).
     */
    private static Path freshFolder(Path parent, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = parent.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** The target may be absent, an empty folder, or a folder holding a report.json. */
    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("report folder exists and is not a folder: " + target);
        }
        if (Files.isRegularFile(target.resolve(Report.JSON_FILE), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            if (ds.iterator().hasNext()) {
                throw new IllegalArgumentException("refusing to replace " + target + ": it is not empty and holds no "
                        + Report.JSON_FILE + " (is it really a report folder?)");
            }
        }
    }

    private static void writeFile(Path file, String content, Hook hook) throws IOException {
        try (var ch = Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            var buf = java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (ch instanceof java.nio.channels.FileChannel fc) {
                fc.force(true);
            }
        }
        hook.afterWrite(file);
    }

    private static void deleteQuietly(Path dir, Throwable cause) {
        try {
            deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            cause.addSuppressed(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
