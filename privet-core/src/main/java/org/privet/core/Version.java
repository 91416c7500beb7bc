package org.privet.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Privet's version, written into every model file, report and {@code privet --version}. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    /** The build's version (e.g. {@code 0.1.0-SNAPSHOT}), or {@code "unknown"} without the build resource. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
