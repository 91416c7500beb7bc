package org.privet.pprl.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.privet.pprl.link.RecordRef;

/**
 * The clusters CSV of a multiparty linkage: header {@code cluster,database,id}, one row per member, clusters
 * numbered from 0, {@code database} the 0-based position of the database. Written atomically (temp file,
 * then move). Stateless; thread safe.
 */
public final class ClustersCsv {
    private ClustersCsv() {
    }

    /** Writes {@code clusters} to {@code target}; on failure {@code target} is left as it was. */
    public static void write(Path target, List<List<RecordRef>> clusters) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        boolean done = false;
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                w.write("cluster,database,id\n");
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < clusters.size(); c++) {
                    for (RecordRef r : clusters.get(c)) {
                        sb.setLength(0);
                        sb.append(c).append(',').append(r.dataset()).append(',');
                        PairsCsv.quote(sb, r.id());
                        w.append(sb).append('\n');
                    }
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
