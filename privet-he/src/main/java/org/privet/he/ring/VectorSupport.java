package org.privet.he.ring;

/**
 * Whether the NTT runs its wide stages on {@code jdk.incubator.vector} ({@link NttVector}): only when the
 * JVM was started with {@code --add-modules jdk.incubator.vector}, the machine's preferred {@code long}
 * vector has eight lanes (AVX-512, where 64-bit lane multiplication is one instruction) and the system
 * property {@code privet.he.vector} is not {@code false}. Otherwise the scalar code runs; both give
 * bit-identical results. Decided once, at class initialisation; thread safe.
 */
final class VectorSupport {
    /** True when {@link NttVector} is used. */
    static final boolean ENABLED = detect();

    private VectorSupport() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("privet.he.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return NttVector.preferredLanes() >= NttVector.LANES;
        } catch (LinkageError e) {
            return false;
        }
    }
}
