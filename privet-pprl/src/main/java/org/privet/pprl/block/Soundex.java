package org.privet.pprl.block;

import java.util.Locale;

/**
 * American Soundex (the rules of the US National Archives): the first letter, then digits for the following
 * consonants (BFPV 1, CGJKQSXZ 2, DT 3, L 4, MN 5, R 6), adjacent equal digits coded once, also across H and
 * W, vowels (and Y) separating equal digits, padded with zeros or cut to four characters. Letters other than
 * A-Z (after upper-casing; accents are not folded) are ignored. For the data owner, on clear text, before
 * encoding. Stateless; thread safe.
 */
public final class Soundex {
    //                                     ABCDEFGHIJKLMNOPQRSTUVWXYZ
    private static final String CODES = "01230120022455012623010202";

    private Soundex() {
    }

    /** The four-character code of {@code name}, or {@code ""} when it has no letter A-Z. */
    public static String encode(String name) {
        if (name == null) {
            return "";
        }
        String s = name.toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(4);
        char prev = 0;
        for (int i = 0; i < s.length() && out.length() < 4; i++) {
            char ch = s.charAt(i);
            if (ch < 'A' || ch > 'Z') {
                continue;
            }
            char code = CODES.charAt(ch - 'A');
            if (out.length() == 0) {
                out.append(ch);
                prev = code;
                continue;
            }
            if (ch == 'H' || ch == 'W') {
                continue;
            }
            if (code == '0') {
                prev = '0';
                continue;
            }
            if (code != prev) {
                out.append(code);
            }
            prev = code;
        }
        if (out.length() == 0) {
            return "";
        }
        while (out.length() < 4) {
            out.append('0');
        }
        return out.toString();
    }
}
