package org.privet.pprl.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.encode.ClkEncoder;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.harden.BitVectors;
import org.privet.pprl.schema.HardeningStep;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.pprl.synth.SynthConfig;
import org.privet.pprl.synth.SynthDataset;

/** The attacks against known answers: with a fixed key and seed every number here is deterministic. */
class AttackTest {
    static final LinkageSecret KEY;

    static {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 42);
        KEY = LinkageSecret.of(k);
    }

    static LinkageSchema firstNames(String hashing) {
        return LinkageSchema.parse("{\"version\": 1, \"bloomFilterBits\": 1000, \"fields\": [{\"name\": \"first_name\","
                + " \"tokenizer\": {\"type\": \"qgram\", \"q\": 2, \"padding\": false}, \"hashing\": \"" + hashing
                + "\", \"bitsPerToken\": 10}]}", "first-names");
    }

    static ClkSet encode(LinkageSchema s, List<Map<String, String>> recs) {
        ClkEncoder e = ClkEncoder.insecureSeededNoise(s, KEY, 1);
        int w = e.wordsPerRecord();
        long[] words = new long[recs.size() * w];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < recs.size(); i++) {
            System.arraycopy(e.encode(recs.get(i)), 0, words, i * w, w);
            ids.add("r" + i);
        }
        return new ClkSet(ids, e.outputBits(), words);
    }

    static List<Map<String, String>> names(String... counted) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < counted.length; i += 2) {
            for (int c = 0; c < Integer.parseInt(counted[i + 1]); c++) {
                out.add(Map.of("first_name", counted[i]));
            }
        }
        return out;
    }

    @Test
    void frequencyAttackAlignsUniqueFrequenciesAndNothingElse() {
        LinkageSchema s = firstNames("blake2b");
        // encoded: mary x5, john x4, anna x3, paul x2 (tie with eve x2: both left out), bob x1
        List<Map<String, String>> enc = names("mary", "5", "john", "4", "anna", "3", "paul", "2", "eve", "2", "bob", "1");
        // the attacker's register has other counts but the same order for the top three
        PlaintextValues plain = new PlaintextValues(s, names("mary", "50", "john", "31", "anna", "20", "zed", "1"));
        int[] aligned = new int[1];
        List<List<String>> g = new FrequencyAttack(2).attack(encode(s, enc), plain, aligned);
        assertThat(aligned[0]).isEqualTo(3);
        List<String> truth = enc.stream().map(m -> m.get("first_name")).toList();
        AttackResult r = AttackResult.score("frequency", g, truth, 10, aligned[0]);
        assertThat(r.oneToOneCorrect()).isEqualTo(12);
        assertThat(r.oneToOneWrong()).isZero();
        assertThat(g.get(enc.size() - 1)).isEmpty(); // bob: once, below minFrequency
        // BLIP makes equal values encode differently: nothing repeats, nothing aligns
        LinkageSchema blip = s.withHardening(List.of(new HardeningStep.Blip(0.05, 0)));
        new FrequencyAttack(2).attack(encode(blip, enc), plain, aligned);
        assertThat(aligned[0]).isZero();
        assertThatThrownBy(() -> new FrequencyAttack(1)).hasMessageContaining("minFrequency must be >= 2");
    }

    @Test
    void patternMiningFindsTheTrueBitPositionsOfFrequentQgrams() {
        LinkageSchema s = firstNames("doubleHash");
        SynthDataset d = SynthDataset.generate(SynthConfig.defaults(1000, 4));
        List<Map<String, String>> a = HardeningReport.maps(d.a());
        ClkSet enc = encode(s, a);
        PlaintextValues plain = new PlaintextValues(s, a);
        List<PatternMiningAttack.Identified> found = PatternMiningAttack.defaults(enc.size()).identify(enc, plain);
        ClkEncoder e = ClkEncoder.create(s, KEY);
        int exact = 0;
        int exactFirst10 = 0;
        for (PatternMiningAttack.Identified id : found) {
            long[] truth = e.encodeField("first_name", id.name().substring(2), null); // a bigram is its own token
            int[] pos = id.positions();
            int[] want = java.util.stream.IntStream.range(0, 1000).filter(b -> BitVectors.get(truth, 0, b)).toArray();
            if (Arrays.equals(pos, Arrays.stream(want).sorted().toArray()) || Set.of(Arrays.stream(want).boxed()
                    .toArray()).containsAll(Arrays.stream(pos).boxed().toList()) && pos.length >= want.length - 1) {
                exact++;
                if (found.indexOf(id) < 10) {
                    exactFirst10++;
                }
            }
        }
        // deterministic for this key and seed; the bar is what the attack must at least reach (the paper's point:
        // the frequent q-grams of unhardened filters are found). The first ones, mined in large partitions, are
        // the most reliable; later ones, in small partitions, are often wrong.
        assertThat(found.size()).isGreaterThanOrEqualTo(10);
        assertThat(exactFirst10).isGreaterThanOrEqualTo(8);
        assertThat(exact).isGreaterThanOrEqualTo(30);
        int[] n = new int[1];
        PatternMiningAttack pm = PatternMiningAttack.defaults(enc.size());
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            truth.add(plain.recordValue(i));
        }
        AttackResult r = AttackResult.score("pm", pm.attack(enc, plain, n), truth, pm.maxMany(), n[0]);
        assertThat(r.oneToOneCorrect() + r.oneToManyCorrect()).isGreaterThan(200);
        assertThat(r.oneToOnePrecision()).isGreaterThan(0.5);
    }

    @Test
    void linkageQualityOfIdenticalFilesIsPerfect() {
        LinkageSchema s = firstNames("hmac");
        List<Map<String, String>> recs = names("mary", "1", "john", "1", "anna", "1", "paul", "1");
        ClkSet a = encode(s, recs);
        LinkageQuality q = LinkageQuality.allPairsDice(a, a, Map.of("r0", Set.of("r0"), "r1", Set.of("r1"),
                "r2", Set.of("r2"), "r3", Set.of("r3")));
        assertThat(q.f1()).isEqualTo(1.0);
        assertThat(q.precision()).isEqualTo(1.0);
        assertThat(q.recall()).isEqualTo(1.0);
    }

    @Test
    void reportShowsWhatEachHardeningBuys() {
        LinkageSchema s = firstNames("doubleHash");
        HardeningReport.Report rep = HardeningReport.run(s, SynthConfig.defaults(600, 7),
                HardeningReport.defaultVariants(0.05), KEY, null);
        assertThat(rep.rows()).extracting(HardeningReport.Row::variant)
                .containsExactly("none", "balance", "xorFold", "rule90", "blip(p=0.05)", "salt(yob)");
        HardeningReport.Row none = rep.rows().get(0);
        HardeningReport.Row blip = rep.rows().get(4);
        HardeningReport.Row salt = rep.rows().get(5);
        // frequency alignment needs repeated encodings: unhardened ones repeat (whether the ranks of 600 records
        // match the register's is luck: close census frequencies), BLIP and salting leave nothing to align
        assertThat(none.frequency().identifiedFeatures()).isPositive();
        assertThat(blip.frequency().identifiedFeatures()).isZero();
        assertThat(salt.frequency().identifiedFeatures()).isZero();
        assertThat(blip.epsilon()).isCloseTo(20 * Math.log(19), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rep.rows().get(1).bits()).isEqualTo(2000);
        assertThat(rep.rows().get(2).bits()).isEqualTo(500);
        assertThat(rep.attackerRecords()).isEqualTo(1200);
        // pattern mining: deterministic for this key and seed (BLIP noise is seeded too). Unhardened, it narrows
        // down a few percent of 600 first names; every hardening cuts that at least in half here.
        int plain = none.patternMining().oneToOneCorrect() + none.patternMining().oneToManyCorrect();
        assertThat(plain).isGreaterThanOrEqualTo(10);
        for (HardeningReport.Row r : rep.rows().subList(1, rep.rows().size())) {
            assertThat(r.patternMining().oneToOneCorrect() + r.patternMining().oneToManyCorrect()).as(r.variant())
                    .isLessThanOrEqualTo(plain / 2);
        }
        // the cost: BLIP's noise lowers linkage quality; salting with the birth year here raises it (first names
        // alone link poorly, the salt adds the year)
        assertThat(blip.linkage().f1()).isLessThan(none.linkage().f1());
        assertThat(salt.linkage().f1()).isGreaterThan(none.linkage().f1());
        for (HardeningReport.Row r : rep.rows()) {
            assertThat(r.linkage().f1()).isBetween(0.0, 1.0);
        }
    }
}
