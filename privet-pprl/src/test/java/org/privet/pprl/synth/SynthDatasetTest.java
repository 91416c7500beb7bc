package org.privet.pprl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthDatasetTest {
    @TempDir
    Path dir;

    @Test
    void builtInCensusTablesLoadWithTheirFrequencies() {
        assertThat(NameTable.maleFirstNames().size()).isEqualTo(1000);
        assertThat(NameTable.femaleFirstNames().size()).isEqualTo(1000);
        assertThat(NameTable.surnames().size()).isEqualTo(1000);
        assertThat(NameTable.maleFirstNames().name(0)).isEqualTo("JAMES");
        assertThat(NameTable.surnames().name(1)).isEqualTo("JOHNSON"); // second record of the first source line
        // SMITH is 1.006% of the population; the top 1000 surnames cover ~43% of people, so ~2.3% of the table
        double smith = NameTable.surnames().probability(0);
        assertThat(smith).isBetween(0.021, 0.025);
        // sampling follows the frequencies: 20000 draws, SMITH expected ~464 (sd ~21); band of ~5 sd (p < 1e-6)
        SplittableRandom r = new SplittableRandom(3);
        int n = 0;
        for (int i = 0; i < 20000; i++) {
            n += NameTable.surnames().sample(r).equals("SMITH") ? 1 : 0;
        }
        assertThat(n).isBetween((int) (20000 * smith) - 110, (int) (20000 * smith) + 110);
    }

    @Test
    void sameSeedSameFilesWithTheConfiguredOverlapAndCorruption() throws Exception {
        SynthConfig c = new SynthConfig(400, 300, 0.5, 1.0, 1, EnumSet.allOf(Corruption.class), 9);
        SynthDataset d = SynthDataset.generate(c);
        SynthDataset again = SynthDataset.generate(c);
        assertThat(again.a()).isEqualTo(d.a());
        assertThat(again.b()).isEqualTo(d.b());
        assertThat(SynthDataset.generate(new SynthConfig(400, 300, 0.5, 1.0, 1, EnumSet.allOf(Corruption.class), 10)).a())
                .isNotEqualTo(d.a());
        assertThat(d.a()).hasSize(400);
        assertThat(d.b()).hasSize(300);
        assertThat(d.truth()).hasSize(150); // 0.5 * min(400, 300)
        Map<Long, Person> byEntity = new HashMap<>();
        for (Person p : d.a()) {
            byEntity.put(p.entityId(), p);
        }
        int differ = 0;
        for (String[] t : d.truth()) {
            Person b = d.b().stream().filter(p -> p.id().equals(t[1])).findFirst().orElseThrow();
            Person a = byEntity.get(b.entityId());
            assertThat(a.id()).isEqualTo(t[0]);
            if (!a.withId("").equals(b.withId(""))) {
                differ++;
            }
        }
        // corruption rate 1: every copy got exactly one error; a few errors can be no-ops (day/month swap of a
        // date like 05-05 falls back to a name swap, which always changes; a nickname only if one exists -> typo)
        assertThat(differ).isGreaterThan(140);
        Path a = dir.resolve("a.csv");
        SynthDataset.writeCsv(a, d.a());
        List<String> lines = Files.readAllLines(a);
        assertThat(lines.get(0)).isEqualTo("id,entity_id,first_name,last_name,sex,dob,zip");
        assertThat(lines).hasSize(401);
        assertThat(lines.get(1)).matches("a0,\\d+,[A-Z][a-z']*,[A-Za-z' ]+,[mf],\\d{4}-\\d{2}-\\d{2},\\d{5}");
        d.writeTruth(dir.resolve("truth.csv"));
        assertThat(Files.readAllLines(dir.resolve("truth.csv"))).hasSize(151).first().isEqualTo("a_id,b_id");
    }

    @Test
    void eachCorruptionChangesTheRecordAsItsKindSays() {
        Corruptor c = new Corruptor();
        SplittableRandom r = new SplittableRandom(5);
        Person p = new Person("x", 1, "William", "Philips", "m", "1970-05-17", "12345");
        assertThat(c.corrupt(p, Corruption.NICKNAME, r).firstName()).isIn("Bill", "Will", "Billy");
        Person swap = c.corrupt(p, Corruption.SWAP, r);
        assertThat(swap.equals(new Person("x", 1, "Philips", "William", "m", "1970-05-17", "12345"))
                || swap.dob().equals("1970-17-05") || swap.dob().equals("1970-05-17")).isTrue();
        for (int i = 0; i < 50; i++) {
            for (Corruption k : Corruption.values()) {
                Person q = c.corrupt(p, k, r);
                assertThat(q).as(k.name()).isNotEqualTo(p);
                if (k == Corruption.MISSING) {
                    assertThat(List.of(q.firstName(), q.lastName(), q.dob(), q.zip())).contains("");
                }
                if (k == Corruption.TYPO) {
                    String changed = q.firstName().equals(p.firstName()) ? q.lastName() : q.firstName();
                    String orig = q.firstName().equals(p.firstName()) ? p.lastName() : p.firstName();
                    assertThat(Math.abs(changed.length() - orig.length())).isLessThanOrEqualTo(1);
                }
            }
        }
        Person ph = c.corrupt(new Person("x", 1, "Phil", "Kim", "m", "1970-05-17", "1"), Corruption.PHONETIC,
                new SplittableRandom(1));
        assertThat(ph).isNotEqualTo(new Person("x", 1, "Phil", "Kim", "m", "1970-05-17", "1"));
    }

    @Test
    void rejectsBadConfigurations() {
        assertThatThrownBy(() -> new SynthConfig(0, 1, 0.5, 0.1, 1, EnumSet.allOf(Corruption.class), 1))
                .hasMessage("recordsA must be in [1, 10000000]. Provided value: 0");
        assertThatThrownBy(() -> new SynthConfig(1, 1, 1.5, 0.1, 1, EnumSet.allOf(Corruption.class), 1))
                .hasMessage("overlap must be in [0, 1]. Provided value: 1.5");
        assertThatThrownBy(() -> new SynthConfig(1, 1, 0.5, 0.1, 1, EnumSet.noneOf(Corruption.class), 1))
                .hasMessageContaining("kinds must name at least one corruption");
    }
}
