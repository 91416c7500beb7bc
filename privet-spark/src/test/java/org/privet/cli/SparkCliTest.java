package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;
import org.privet.spark.TestSpark;
import org.privet.spark.linkage.SyntheticClks;

/**
 * The CLI's {@code --spark} path with the backend on the class path: {@code privet pprl link} writes the same
 * file as without {@code --spark}; {@code privet dp aggregate} releases with the same budget split. Uses the test
 * JVM's shared {@code local[2,3]} session.
 */
class SparkCliTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        TestSpark.context();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            // --json goes to System.out
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void pprlLinkOnSparkWritesTheLocalLinks() throws Exception {
        ClkSet[] ab = SyntheticClks.pair(300, 200, 1024, 0.3, 0.04, 3);
        Path a = dir.resolve("a.clk");
        Path b = dir.resolve("b.clk");
        ClkFile.write(a, ab[0], "");
        ClkFile.write(b, ab[1], "");
        String[] local = run("pprl", "link", a.toString(), b.toString(), "--blocking", "lsh", "--out",
                dir.resolve("local.csv").toString(), "-q");
        String[] spark = run("pprl", "link", a.toString(), b.toString(), "--blocking", "lsh", "--out",
                dir.resolve("spark.csv").toString(), "-q", "--spark", TestSpark.MASTER);
        assertThat(local[0]).as(local[2]).isEqualTo("0");
        assertThat(spark[0]).as(spark[2]).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("spark.csv"))).isEqualTo(Files.readString(dir.resolve("local.csv")))
                .contains("a0,b0");
    }

    @Test
    void dpAggregateOnSparkReleasesWithTheLocalBudgetSplit() throws Exception {
        StringBuilder sb = new StringBuilder("user,city,amount\n");
        for (int i = 0; i < 400; i++) {
            sb.append("u").append(i % 90).append(',').append(i % 3 == 0 ? "oslo" : "rome").append(',').append(i % 50)
                    .append('\n');
        }
        Path csv = Files.writeString(dir.resolve("sales.csv"), sb.toString());
        String[] common = {"dp", "aggregate", csv.toString(), "--group-by", "city", "--privacy-unit", "user",
            "--value", "amount", "--aggregate", "count,sum,mean", "--lower", "0", "--upper", "50", "--epsilon", "2",
            "--delta", "1e-6", "--json", "--out"};
        String[] local = run(concat(common, dir.resolve("l.csv").toString()));
        String[] spark = run(concat(common, dir.resolve("s.csv").toString(), "--spark", TestSpark.MASTER));
        assertThat(local[0]).as(local[2]).isEqualTo("0");
        assertThat(spark[0]).as(spark[2]).isEqualTo("0");
        String budget = "\"budgetSplit\"";
        assertThat(spark[1]).contains(budget);
        assertThat(section(spark[1], budget)).isEqualTo(section(local[1], budget));
        assertThat(Files.readString(dir.resolve("s.csv"))).startsWith(Files.readString(dir.resolve("l.csv"))
                .lines().findFirst().orElseThrow());
    }

    @Test
    void dpAggregateOnSparkRefusesBadRowsWithExitCode1AndNamesThem() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "city,amount\noslo,1\nrome,x\n");
        String[] r = run("dp", "aggregate", csv.toString(), "--group-by", "city", "--value", "amount", "--aggregate",
                "sum", "--lower", "0", "--upper", "5", "--epsilon", "1", "--delta", "1e-6", "--out",
                dir.resolve("o.csv").toString(), "--spark", TestSpark.MASTER);
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("1 bad row(s)").contains("bad.csv:3: value 'x' is not a number");
        assertThat(Files.exists(dir.resolve("o.csv"))).isFalse();
    }

    @Test
    void auditOnSparkScoresLikeTheLocalAudit() throws Exception {
        String[] common = {"audit", "--data", "purchase", "--records", "400", "--features", "40", "--members", "80",
            "--references", "4", "--epochs", "3", "--hidden", "16", "--attacks", "lira,rmia,loss", "--bootstrap", "20",
            "--quiet", "--seed", "5", "--json", "--out"};
        String[] local = run(concat(common, dir.resolve("local").toString()));
        String[] spark = run(concat(common, dir.resolve("spark").toString(), "--spark", TestSpark.MASTER));
        assertThat(local[0]).as(local[2]).isEqualTo("0");
        assertThat(spark[0]).as(spark[2]).isEqualTo("0");
        java.util.regex.Pattern auc = java.util.regex.Pattern.compile("\"(auc|tprAt0.1%Fpr|advantage)\" : [0-9.E-]+");
        List<String> l = auc.matcher(local[1]).results().map(java.util.regex.MatchResult::group).toList();
        List<String> s = auc.matcher(spark[1]).results().map(java.util.regex.MatchResult::group).toList();
        assertThat(l).hasSizeGreaterThanOrEqualTo(9);
        assertThat(s).isEqualTo(l);
    }

    private static String section(String json, String key) {
        int i = json.indexOf(key);
        return json.substring(i, json.indexOf(']', i) + 1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
