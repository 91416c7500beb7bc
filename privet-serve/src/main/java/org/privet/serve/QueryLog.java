package org.privet.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The structured query log: one JSON object per line, appended by a background writer so that
 * request threads never wait on the disk (they wait only when 65,536 lines are pending).
 *
 * <p>Each line: {@code {"time": ISO-8601, "key": key id or null, "remote": client address, "method",
 * "path", "status", "instances", "micros": handling time, "monitorW": latest PRADA W or null,
 * "flagged", "error": message or null}}. Secrets are never written: keys appear by id only, and
 * neither request bodies nor predictions are logged.
 *
 * <p>Thread safe. {@link #close()} writes everything pending, then closes the file.
 */
public final class QueryLog implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String STOP = new String("stop");

    /** One logged request. */
    public record Entry(Instant time, String keyId, String remote, String method, String path, int status,
            int instances, long micros, double monitorW, boolean flagged, String error) {
    }

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(1 << 16);
    private final Thread writer;
    private final BufferedWriter out;
    private volatile IOException failure;

    /**
     * Opens (appending to) {@code file} and starts the writer thread.
     *
     * @throws IOException if the file cannot be opened
     */
    public QueryLog(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.writer = new Thread(this::drain, "privet-query-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues one entry (blocks only while the queue is full). */
    public void log(Entry e) {
        try {
            queue.put(line(e));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    static String line(Entry e) {
        StringWriter sw = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("key", e.keyId());
            g.writeStringField("remote", e.remote());
            g.writeStringField("method", e.method());
            g.writeStringField("path", e.path());
            g.writeNumberField("status", e.status());
            g.writeNumberField("instances", e.instances());
            g.writeNumberField("micros", e.micros());
            g.writeFieldName("monitorW");
            if (Double.isNaN(e.monitorW())) {
                g.writeNull();
            } else {
                g.writeNumber(e.monitorW());
            }
            g.writeBooleanField("flagged", e.flagged());
            g.writeStringField("error", e.error());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return sw.toString();
    }

    private void drain() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                boolean stop = false;
                for (String s : batch) {
                    if (s == STOP) {
                        stop = true;
                        continue;
                    }
                    out.write(s);
                    out.write('\n');
                }
                batch.clear();
                out.flush();
                if (stop) {
                    return;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes what is pending and closes the file.
     *
     * @throws IOException if writing failed at any point
     */
    @Override
    public void close() throws IOException {
        try {
            queue.put(STOP);
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            out.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
