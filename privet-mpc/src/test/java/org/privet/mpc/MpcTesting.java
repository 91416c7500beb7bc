package org.privet.mpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.privet.mpc.arith.FixedPoint;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.beaver.TripleSource;
import org.privet.mpc.beaver.TrustedDealer;
import org.privet.mpc.net.InProcessNetwork;
import org.privet.mpc.net.PartyNetwork;

/** Runs one protocol function per party, each on its own thread, over an in-process network. */
public final class MpcTesting {
    private MpcTesting() {
    }

    /** The result of each party and its network, in party order. */
    public record Run<T>(List<T> results, List<InProcessNetwork> networks) {
        public T result(int party) {
            return results.get(party);
        }
    }

    /** Runs {@code body} for every party with a seeded (insecure) dealer and masks. */
    public static <T> Run<T> run(int parties, long seed, FixedPoint fp, Function<MpcSession, T> body) {
        List<InProcessNetwork> nets = InProcessNetwork.create(parties, 20_000);
        TrustedDealer dealer = TrustedDealer.insecureForTests(parties, seed);
        List<MpcSession> sessions = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            sessions.add(new MpcSession(nets.get(i), dealer.sourceFor(i), fp, Prg.insecureForTests(seed * 31 + i)));
        }
        return new Run<>(runAll(sessions, body), nets);
    }

    public static <T> Run<T> run(int parties, long seed, Function<MpcSession, T> body) {
        return run(parties, seed, FixedPoint.defaults(), body);
    }

    /** Runs {@code body} on each of {@code sessions} in its own thread; rethrows the first failure. */
    public static <S, T> List<T> runAll(List<S> sessions, Function<S, T> body) {
        ExecutorService ex = Executors.newFixedThreadPool(sessions.size());
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (S s : sessions) {
                fs.add(ex.submit(() -> body.apply(s)));
            }
            List<T> out = new ArrayList<>();
            Throwable first = null;
            for (Future<T> f : fs) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                    out.add(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first instanceof Error er) {
                throw er;
            }
            if (first != null) {
                throw new IllegalStateException(first);
            }
            return out;
        } finally {
            ex.shutdownNow();
        }
    }

    /** Sessions over given networks and triple sources (for non-dealer sources). */
    public static List<MpcSession> sessions(List<? extends PartyNetwork> nets, List<TripleSource> sources, long seed) {
        List<MpcSession> out = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            out.add(new MpcSession(nets.get(i), sources.get(i), FixedPoint.defaults(),
                    Prg.insecureForTests(seed * 31 + i)));
        }
        return out;
    }
}
