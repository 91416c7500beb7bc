package org.privet.pprl.synth;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Applies {@link Corruption}s to person records. Each operation picks the place of the error at random from the
 * given generator; an operation that does not apply to a value (a nickname for a name without one, an OCR
 * confusion in a name without a confusable letter) falls back to a typo, so every call changes the record.
 * Stateless apart from its tables; thread-safe if the generator passed is confined to the caller.
 */
public final class Corruptor {
    private static final String[] KEYBOARD = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    private static final String[][] OCR = {
        {"m", "rn"}, {"rn", "m"}, {"d", "cl"}, {"cl", "d"}, {"l", "1"}, {"i", "l"}, {"o", "0"}, {"s", "5"},
        {"b", "6"}, {"g", "9"}, {"e", "c"}, {"h", "b"}, {"u", "v"}, {"w", "vv"}, {"n", "ri"}, {"a", "o"}};
    private static final String[][] PHONETIC = {
        {"ph", "f"}, {"f", "ph"}, {"ck", "k"}, {"c", "k"}, {"k", "c"}, {"ee", "ea"}, {"ea", "ee"}, {"ie", "y"},
        {"y", "ie"}, {"gh", "g"}, {"th", "t"}, {"z", "s"}, {"s", "z"}, {"ou", "ow"}, {"ey", "y"}, {"mb", "m"},
        {"kn", "n"}, {"wr", "r"}, {"x", "ks"}, {"qu", "kw"}, {"ll", "l"}, {"tt", "t"}, {"nn", "n"}, {"son", "sen"},
        {"sen", "son"}, {"man", "mann"}, {"ai", "ay"}, {"ay", "ai"}, {"i", "y"}, {"er", "a"}};
    private static final Map<String, String[]> NICKNAMES = new HashMap<>();

    static {
        String[][] pairs = {
            {"william", "bill", "will", "billy"}, {"robert", "bob", "rob", "bobby"}, {"richard", "dick", "rick"},
            {"james", "jim", "jimmy"}, {"john", "jack", "johnny"}, {"michael", "mike", "mick"},
            {"thomas", "tom", "tommy"}, {"charles", "charlie", "chuck"}, {"joseph", "joe", "joey"},
            {"christopher", "chris"}, {"daniel", "dan", "danny"}, {"anthony", "tony"}, {"edward", "ed", "ted"},
            {"steven", "steve"}, {"stephen", "steve"}, {"kenneth", "ken", "kenny"}, {"donald", "don"},
            {"ronald", "ron", "ronnie"}, {"timothy", "tim"}, {"matthew", "matt"}, {"david", "dave"},
            {"andrew", "andy", "drew"}, {"benjamin", "ben"}, {"samuel", "sam"}, {"alexander", "alex"},
            {"nicholas", "nick"}, {"patrick", "pat"}, {"peter", "pete"}, {"raymond", "ray"}, {"gregory", "greg"},
            {"lawrence", "larry"}, {"jeffrey", "jeff"}, {"frederick", "fred"}, {"henry", "hank"},
            {"elizabeth", "liz", "beth", "betty"}, {"margaret", "peggy", "maggie", "meg"}, {"katherine", "kate", "kathy"},
            {"catherine", "cathy", "kate"}, {"jennifer", "jen", "jenny"}, {"patricia", "pat", "patty", "trish"},
            {"susan", "sue", "suzy"}, {"deborah", "debbie", "deb"}, {"barbara", "barb"}, {"dorothy", "dot", "dottie"},
            {"rebecca", "becky"}, {"christine", "chris", "tina"}, {"kimberly", "kim"}, {"jessica", "jess"},
            {"victoria", "vicky"}, {"samantha", "sam"}, {"alexandra", "alex"}, {"pamela", "pam"}, {"cynthia", "cindy"},
            {"judith", "judy"}, {"theresa", "terry"}, {"virginia", "ginny"}, {"abigail", "abby"}, {"amanda", "mandy"}};
        for (String[] p : pairs) {
            NICKNAMES.put(p[0], java.util.Arrays.copyOfRange(p, 1, p.length));
            for (int i = 1; i < p.length; i++) {
                NICKNAMES.putIfAbsent(p[i], new String[] {p[0]});
            }
        }
    }

    /** Returns {@code p} with one error of kind {@code kind}. */
    public Person corrupt(Person p, Corruption kind, RandomGenerator rng) {
        switch (kind) {
            case TYPO, OCR, PHONETIC -> {
                boolean first = rng.nextBoolean();
                String v = first ? p.firstName() : p.lastName();
                if (v.isEmpty()) {
                    first = !first;
                    v = first ? p.firstName() : p.lastName();
                }
                if (v.isEmpty()) {
                    return corrupt(p, Corruption.DIGIT, rng);
                }
                String w = kind == Corruption.OCR ? replaceOne(v, OCR, rng)
                        : kind == Corruption.PHONETIC ? replaceOne(v, PHONETIC, rng) : null;
                if (w == null || w.equals(v)) {
                    w = typo(v, rng);
                }
                return first ? new Person(p.id(), p.entityId(), w, p.lastName(), p.sex(), p.dob(), p.zip())
                        : new Person(p.id(), p.entityId(), p.firstName(), w, p.sex(), p.dob(), p.zip());
            }
            case NICKNAME -> {
                String[] nick = NICKNAMES.get(p.firstName().toLowerCase(Locale.ROOT));
                if (nick == null) {
                    return corrupt(p, Corruption.TYPO, rng);
                }
                String n = capitalise(nick[rng.nextInt(nick.length)]);
                return new Person(p.id(), p.entityId(), n, p.lastName(), p.sex(), p.dob(), p.zip());
            }
            case MISSING -> {
                return switch (rng.nextInt(4)) {
                    case 0 -> new Person(p.id(), p.entityId(), "", p.lastName(), p.sex(), p.dob(), p.zip());
                    case 1 -> new Person(p.id(), p.entityId(), p.firstName(), "", p.sex(), p.dob(), p.zip());
                    case 2 -> new Person(p.id(), p.entityId(), p.firstName(), p.lastName(), p.sex(), "", p.zip());
                    default -> new Person(p.id(), p.entityId(), p.firstName(), p.lastName(), p.sex(), p.dob(), "");
                };
            }
            case SWAP -> {
                if (rng.nextBoolean() && !p.dob().isEmpty()) {
                    LocalDate d = LocalDate.parse(p.dob());
                    if (d.getDayOfMonth() <= 12 && d.getDayOfMonth() != d.getMonthValue()) {
                        String swapped = LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue()).toString();
                        return new Person(p.id(), p.entityId(), p.firstName(), p.lastName(), p.sex(), swapped, p.zip());
                    }
                }
                return new Person(p.id(), p.entityId(), p.lastName(), p.firstName(), p.sex(), p.dob(), p.zip());
            }
            case DIGIT -> {
                if (rng.nextBoolean() && !p.dob().isEmpty()) {
                    LocalDate d = LocalDate.parse(p.dob());
                    LocalDate e = switch (rng.nextInt(3)) {
                        case 0 -> d.plusDays(rng.nextBoolean() ? 1 : -1);
                        case 1 -> d.plusMonths(rng.nextBoolean() ? 1 : -1);
                        default -> d.plusYears(rng.nextBoolean() ? 1 : -1);
                    };
                    return new Person(p.id(), p.entityId(), p.firstName(), p.lastName(), p.sex(), e.toString(), p.zip());
                }
                if (p.zip().isEmpty()) {
                    return corrupt(p, Corruption.TYPO, rng);
                }
                char[] z = p.zip().toCharArray();
                int i = rng.nextInt(z.length);
                z[i] = (char) ('0' + (z[i] - '0' + 1 + rng.nextInt(9)) % 10);
                return new Person(p.id(), p.entityId(), p.firstName(), p.lastName(), p.sex(), p.dob(), new String(z));
            }
            default -> throw new AssertionError("internal invariant: unhandled corruption " + kind);
        }
    }

    /** One keyboard typo: substitution by a neighbouring key, insertion, deletion or transposition. */
    static String typo(String v, RandomGenerator rng) {
        StringBuilder sb = new StringBuilder(v);
        int i = rng.nextInt(v.length());
        int op = v.length() < 2 ? rng.nextInt(2) : rng.nextInt(4);
        switch (op) {
            case 0 -> sb.setCharAt(i, matchCase(neighbour(Character.toLowerCase(v.charAt(i)), rng), v.charAt(i)));
            case 1 -> sb.insert(i, matchCase(neighbour(Character.toLowerCase(v.charAt(i)), rng), v.charAt(i)));
            case 2 -> sb.deleteCharAt(i);
            default -> {
                int j = Math.min(i, v.length() - 2);
                char a = sb.charAt(j);
                char b = sb.charAt(j + 1);
                if (a == b) {
                    sb.deleteCharAt(j);
                } else {
                    sb.setCharAt(j, b);
                    sb.setCharAt(j + 1, a);
                }
            }
        }
        return sb.toString();
    }

    private static char matchCase(char c, char like) {
        return Character.isUpperCase(like) ? Character.toUpperCase(c) : c;
    }

    private static char neighbour(char c, RandomGenerator rng) {
        for (int r = 0; r < KEYBOARD.length; r++) {
            int i = KEYBOARD[r].indexOf(c);
            if (i >= 0) {
                StringBuilder cand = new StringBuilder();
                if (i > 0) {
                    cand.append(KEYBOARD[r].charAt(i - 1));
                }
                if (i + 1 < KEYBOARD[r].length()) {
                    cand.append(KEYBOARD[r].charAt(i + 1));
                }
                for (int rr : new int[] {r - 1, r + 1}) {
                    if (rr >= 0 && rr < KEYBOARD.length && i < KEYBOARD[rr].length()) {
                        cand.append(KEYBOARD[rr].charAt(i));
                    }
                }
                return cand.charAt(rng.nextInt(cand.length()));
            }
        }
        return (char) ('a' + rng.nextInt(26));
    }

    /** Replaces one randomly chosen occurrence of one applicable pattern; null if none applies. */
    private static String replaceOne(String v, String[][] rules, RandomGenerator rng) {
        String lower = v.toLowerCase(Locale.ROOT);
        int applicable = 0;
        for (String[] r : rules) {
            if (lower.contains(r[0])) {
                applicable++;
            }
        }
        if (applicable == 0) {
            return null;
        }
        int pick = rng.nextInt(applicable);
        for (String[] r : rules) {
            if (lower.contains(r[0]) && pick-- == 0) {
                int count = 0;
                for (int i = lower.indexOf(r[0]); i >= 0; i = lower.indexOf(r[0], i + 1)) {
                    count++;
                }
                int which = rng.nextInt(count);
                int at = lower.indexOf(r[0]);
                while (which-- > 0) {
                    at = lower.indexOf(r[0], at + 1);
                }
                String rep = at == 0 && Character.isUpperCase(v.charAt(0)) ? capitalise(r[1]) : r[1];
                return v.substring(0, at) + rep + v.substring(at + r[0].length());
            }
        }
        throw new AssertionError("internal invariant: an applicable rule was counted");
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase(Locale.ROOT);
    }
}
