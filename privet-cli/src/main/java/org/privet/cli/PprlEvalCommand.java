package org.privet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.pprl.block.ClkBlocking;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.eval.BlockingQuality;
import org.privet.pprl.eval.LinkageQuality;
import org.privet.pprl.eval.Pair;
import org.privet.pprl.eval.PairsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privet pprl eval}: quality of links (and of a blocking) against ground truth. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Precision, recall and F1 of linked pairs against the true pairs; with --blocking and the"
                + " two .clk files, also the blocking's pairs completeness and reduction ratio.",
            "Both CSV files have a header row; their first two columns are the ids (first file, second file)."},
        footer = {"", "Examples:",
            "  privet pprl eval --pairs pairs.csv --truth truth.csv",
            "  privet pprl eval --pairs pairs.csv --truth truth.csv --blocking lsh --a a.clk --b b.clk --json"})
final class PprlEvalCommand implements Callable<Integer> {
    @Option(names = "--pairs", required = true, paramLabel = "FILE.csv", description = "Linked pairs (privet pprl link --out).")
    Path pairs;

    @Option(names = "--truth", required = true, paramLabel = "FILE.csv", description = "The true pairs.")
    Path truth;

    @Option(names = "--blocking", paramLabel = "SCHEME",
            description = "Also evaluate this blocking (lsh[:bits=K,tables=L,seed=S]); needs --a and --b.")
    String blocking;

    @Option(names = "--a", paramLabel = "A.clk", description = "The first database (for --blocking).")
    Path a;

    @Option(names = "--b", paramLabel = "B.clk", description = "The second database (for --blocking).")
    Path b;

    @Option(names = "--json", description = "Print the figures as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ClkBlocking scheme = PprlLinkCommand.parseBlocking(blocking);
        if (scheme != null && (a == null || b == null)) {
            throw new UsageException("--blocking needs the two encoded databases: --a A.clk --b B.clk");
        }
        if (scheme == null && (a != null || b != null)) {
            throw new UsageException("--a and --b are used only with --blocking");
        }
        List<Pair> predicted = PairsCsv.readPairs(pairs);
        List<Pair> truePairs = PairsCsv.readPairs(truth);
        LinkageQuality q = LinkageQuality.of(predicted, truePairs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", pairs.toString());
        m.put("truth", truth.toString());
        m.put("truePositives", q.truePositives());
        m.put("falsePositives", q.falsePositives());
        m.put("falseNegatives", q.falseNegatives());
        m.put("precision", q.precision());
        m.put("recall", q.recall());
        m.put("f1", q.f1());
        BlockingQuality bq = null;
        if (scheme != null) {
            ClkSet sa = ClkFile.read(a);
            ClkSet sb = ClkFile.read(b);
            if (sa.bits() != sb.bits()) {
                throw new IllegalArgumentException(b + " has " + sb.bits() + "-bit records but " + a + " has "
                        + sa.bits() + "-bit records");
            }
            bq = BlockingQuality.of(sa.ids(), scheme.keys(sa), sb.ids(), scheme.keys(sb), truePairs);
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("scheme", scheme.describe());
            bm.put("pairsCompleteness", bq.pairsCompleteness());
            bm.put("reductionRatio", bq.reductionRatio());
            bm.put("candidatePairs", bq.candidatePairs());
            bm.put("totalPairs", bq.totalPairs());
            bm.put("truePairs", bq.truePairs());
            bm.put("truePairsBlocked", bq.truePairsBlocked());
            bm.put("truePairsWithUnknownIds", bq.unknownIds());
            m.put("blocking", bm);
        }
        if (json) {
            Json.print(m);
            return Main.OK;
        }
        System.out.printf(Locale.ROOT, "precision %.4f  recall %.4f  F1 %.4f  (tp %d, fp %d, fn %d)%n",
                q.precision(), q.recall(), q.f1(), q.truePositives(), q.falsePositives(), q.falseNegatives());
        if (bq != null) {
            System.out.printf(Locale.ROOT, "blocking (%s): pairs completeness %.4f  reduction ratio %.6f  "
                    + "(%d of %d pairs compared; %d of %d true pairs share a block)%n", scheme.describe(),
                    bq.pairsCompleteness(), bq.reductionRatio(), bq.candidatePairs(), bq.totalPairs(),
                    bq.truePairsBlocked(), bq.truePairs());
            if (bq.unknownIds() > 0) {
                System.out.println("note: " + bq.unknownIds() + " true pair(s) name ids absent from the .clk files");
            }
        }
        return Main.OK;
    }
}
