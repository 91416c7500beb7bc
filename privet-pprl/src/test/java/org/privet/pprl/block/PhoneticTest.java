package org.privet.pprl.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneticTest {
    // US National Archives examples and classic test names
    @ParameterizedTest
    @CsvSource({"Robert, R163", "Rupert, R163", "Rubin, R150", "Ashcraft, A261", "Ashcroft, A261",
        "Tymczak, T522", "Pfister, P236", "Honeyman, H555", "Lee, L000", "O'Hara, O600", "Washington, W252",
        "Gutierrez, G362", "Jackson, J250"})
    void soundex(String name, String code) {
        assertThat(Soundex.encode(name)).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "'123', ''"})
    void soundexOfNoLetters(String name, String code) {
        assertThat(Soundex.encode(name)).isEqualTo(code);
    }

    // worked by hand from Taft's rules (see Nysiis javadoc); several agree with Apache commons-codec's tests
    @ParameterizedTest
    @CsvSource({"Smith, SNAT", "Schmidt, SNAD", "Knuth, NAT", "Macintosh, MCANT", "Johnny, JANY", "Brian, BRAN",
        "Phillips, FALAP", "Evans, EVAN", "Kneesie, NASY", "Hayes, HAY", "Schultz, SALT", "Boyd, BAYD"})
    void nysiis(String name, String code) {
        assertThat(Nysiis.encode(name, Integer.MAX_VALUE)).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"Christensen, CRASTANSAN, CRASTA"})
    void nysiisTruncatesToSix(String name, String full, String six) {
        assertThat(Nysiis.encode(name, Integer.MAX_VALUE)).isEqualTo(full);
        assertThat(Nysiis.encode(name)).isEqualTo(six);
    }
}
