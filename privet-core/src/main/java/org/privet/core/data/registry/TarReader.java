package org.privet.core.data.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts regular files and folders from a tar stream (POSIX ustar with its 155-byte name prefix,
 * GNU long names, pax {@code path} records, base-256 sizes). Links, devices and other entry types
 * are skipped. Entry names that are absolute or contain {@code ..} are refused, so an archive can
 * never write outside the destination. Stateless and thread safe.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /**
     * Extracts {@code tar} (not compressed; wrap a {@link java.util.zip.GZIPInputStream} for
     * {@code .tgz}) into {@code dest}, which must exist.
     *
     * @return the extracted regular files' paths relative to {@code dest}, in archive order
     * @throws IOException on I/O errors and on malformed or unsafe archives
     */
    public static List<String> extract(InputStream tar, Path dest) throws IOException {
        List<String> out = new ArrayList<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        int zeroBlocks = 0;
        Path root = dest.toAbsolutePath().normalize();
        while (true) {
            int r = tar.readNBytes(header, 0, BLOCK);
            if (r == 0) {
                return out; // tolerate archives without the two zero blocks
            }
            if (r < BLOCK) {
                throw new IOException("truncated tar header: " + r + " of 512 bytes");
            }
            if (allZero(header)) {
                if (++zeroBlocks == 2) {
                    return out;
                }
                continue;
            }
            zeroBlocks = 0;
            checkChecksum(header);
            long size = parseSize(header);
            char type = (char) header[156];
            String name = string(header, 0, 100);
            if (new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (type == 'L' || type == 'x') {
                byte[] data = readPadded(tar, size);
                if (type == 'L') {
                    longName = string(data, 0, data.length);
                } else {
                    String p = paxPath(data);
                    if (p != null) {
                        longName = p;
                    }
                }
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            if (type == '0' || type == '\0' || type == '7') {
                Path target = safe(root, name);
                Files.createDirectories(target.getParent());
                try (OutputStream os = Files.newOutputStream(target)) {
                    copy(tar, os, size);
                }
                skip(tar, pad(size) - size);
                out.add(root.relativize(target).toString().replace('\\', '/'));
            } else if (type == '5') {
                Files.createDirectories(safe(root, name));
                skip(tar, pad(size));
            } else {
                skip(tar, pad(size)); // links, devices, fifos, global pax headers: not needed
            }
        }
    }

    private static Path safe(Path root, String name) throws IOException {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.isEmpty() || n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new IOException("tar entry '" + name + "' has an absolute or empty path; refused");
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw new IOException("tar entry '" + name + "' leaves the destination folder; refused");
            }
        }
        Path p = root.resolve(n).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("tar entry '" + name + "' leaves the destination folder; refused");
        }
        return p;
    }

    private static long parseSize(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) {
            long v = h[124] & 0x7f;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        return octal(h, 124, 12, "size");
    }

    private static void checkChecksum(byte[] h) throws IOException {
        long stored = octal(h, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw new IOException("tar header checksum mismatch: stored " + stored + ", computed " + sum
                    + " (corrupt or not a tar archive)");
        }
    }

    private static long octal(byte[] h, int off, int len, String what) throws IOException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new IOException("tar header field " + what + " is not octal");
            }
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static String paxPath(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) {
                return null;
            }
            int len;
            try {
                len = Integer.parseInt(s.substring(i, sp));
            } catch (NumberFormatException e) {
                return null;
            }
            // the length counts bytes; records here are ASCII key=value lines
            int end = Math.min(s.length(), i + len);
            String rec = s.substring(sp + 1, end).stripTrailing();
            if (rec.startsWith("path=")) {
                return rec.substring(5);
            }
            if (len <= 0) {
                return null;
            }
            i = end;
        }
        return null;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long pad(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static byte[] readPadded(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar extended header of " + size + " bytes is implausibly large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new IOException("truncated tar extended header");
        }
        skip(in, pad(size) - size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("truncated tar entry: " + left + " of " + size + " bytes missing");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated tar archive");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
