package org.privet.pprl.block;

import java.util.Locale;

/**
 * NYSIIS, the New York State Identification and Intelligence System phonetic code (Taft 1970), original
 * rules: prefixes MAC to MCC, KN to NN, K to C, PH and PF to FF, SCH to SSS; suffixes EE and IE to Y, DT, RT,
 * RD, NT, ND to D; then, after the first letter, EV to AF, vowels to A, Q to G, Z to S, M to N, KN to NN, K
 * to C, SCH to SSS, PH to FF, H after or before a non-vowel (or at the end) to the previous letter, W after a vowel to the
 * previous letter, appending each letter unless it repeats the last one of the key; finally a trailing S is
 * dropped, AY becomes Y, a trailing A is dropped. Letters other than A-Z are ignored. For the data owner, on
 * clear text, before encoding. Stateless; thread safe.
 */
public final class Nysiis {
    private Nysiis() {
    }

    /** The code truncated to six characters (the original system's length). */
    public static String encode(String name) {
        return encode(name, 6);
    }

    /**
     * @param maxLength {@code >= 1}, or {@link Integer#MAX_VALUE} for the untruncated code
     * @return the code, {@code ""} when {@code name} has no letter A-Z
     */
    public static String encode(String name, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1. Provided value: " + maxLength);
        }
        if (name == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char ch : name.toUpperCase(Locale.ROOT).toCharArray()) {
            if (ch >= 'A' && ch <= 'Z') {
                sb.append(ch);
            }
        }
        if (sb.length() == 0) {
            return "";
        }
        String s = sb.toString();
        if (s.startsWith("MAC")) {
            s = "MCC" + s.substring(3);
        } else if (s.startsWith("KN")) {
            s = "NN" + s.substring(2);
        } else if (s.startsWith("K")) {
            s = "C" + s.substring(1);
        } else if (s.startsWith("PH") || s.startsWith("PF")) {
            s = "FF" + s.substring(2);
        } else if (s.startsWith("SCH")) {
            s = "SSS" + s.substring(3);
        }
        if (s.endsWith("EE") || s.endsWith("IE")) {
            s = s.substring(0, s.length() - 2) + "Y";
        } else if (s.endsWith("DT") || s.endsWith("RT") || s.endsWith("RD") || s.endsWith("NT")
                || s.endsWith("ND")) {
            s = s.substring(0, s.length() - 2) + "D";
        }
        char[] c = s.toCharArray();
        StringBuilder key = new StringBuilder().append(c[0]);
        for (int i = 1; i < c.length; i++) {
            char ch = c[i];
            char next = i + 1 < c.length ? c[i + 1] : 0;
            if (ch == 'E' && next == 'V') {
                c[i] = 'A';
                c[i + 1] = 'F';
            } else if (isVowel(ch)) {
                c[i] = 'A';
            } else if (ch == 'Q') {
                c[i] = 'G';
            } else if (ch == 'Z') {
                c[i] = 'S';
            } else if (ch == 'M') {
                c[i] = 'N';
            } else if (ch == 'K') {
                c[i] = next == 'N' ? 'N' : 'C';
            } else if (ch == 'S' && next == 'C' && i + 2 < c.length && c[i + 2] == 'H') {
                c[i + 1] = 'S';
                c[i + 2] = 'S';
            } else if (ch == 'P' && next == 'H') {
                c[i] = 'F';
                c[i + 1] = 'F';
            } else if (ch == 'H' && (!isVowel(c[i - 1]) || !isVowel(next))) {
                c[i] = c[i - 1];
            } else if (ch == 'W' && isVowel(c[i - 1])) {
                c[i] = c[i - 1];
            }
            if (c[i] != key.charAt(key.length() - 1)) {
                key.append(c[i]);
            }
        }
        int len = key.length();
        if (len > 1 && key.charAt(len - 1) == 'S') {
            key.setLength(--len);
        }
        if (len > 2 && key.charAt(len - 2) == 'A' && key.charAt(len - 1) == 'Y') {
            key.setLength(len - 2);
            key.append('Y');
            len--;
        }
        if (len > 1 && key.charAt(len - 1) == 'A') {
            key.setLength(--len);
        }
        return key.length() > maxLength ? key.substring(0, maxLength) : key.toString();
    }

    private static boolean isVowel(char ch) {
        return ch == 'A' || ch == 'E' || ch == 'I' || ch == 'O' || ch == 'U';
    }
}
