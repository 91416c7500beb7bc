package org.privet.pprl.synth;

/**
 * Kinds of error the generator puts into the second copy of a record, modelled on the corruptors of Christen's
 * GeCo / Febrl data generators (Christen and Vatsalan 2013).
 */
public enum Corruption {
    /** Keyboard typo in a name: a neighbouring key substituted, a character inserted, deleted or transposed. */
    TYPO,
    /** OCR confusion in a name: rn/m, cl/d, l/1, o/0, ... */
    OCR,
    /** Phonetic variant of a name: ph/f, ck/k, ee/ea, ... */
    PHONETIC,
    /** A first name replaced by a nickname (William -> Bill) or back. */
    NICKNAME,
    /** A value removed (first name, surname, date of birth or zip). */
    MISSING,
    /** Swapped fields: first name and surname exchanged, or day and month of the birth date. */
    SWAP,
    /** One digit of the date of birth or the zip code changed. */
    DIGIT
}
