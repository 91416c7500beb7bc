package org.privet.dp.accounting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An RDP accountant for Poisson-subsampled Gaussian steps (DP-SGD), Opacus style: the state is a
 * replayable history of {@code (noiseMultiplier, sampleRate, steps)} entries (consecutive identical
 * steps are merged); epsilon is recomputed from the history by the pure functions of {@link Rdp}.
 * Thread-safe (all methods synchronise on the accountant).
 */
public final class RdpAccountant {

    /** One entry of the history: {@code steps} steps at the given noise multiplier and sampling rate. */
    public record Entry(double noiseMultiplier, double sampleRate, long steps) {
        /** Validates the entry. */
        public Entry {
            if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
                throw new IllegalArgumentException("noise multiplier must be >= 0 and finite. Provided value: " + noiseMultiplier);
            }
            if (!(sampleRate >= 0 && sampleRate <= 1)) {
                throw new IllegalArgumentException("sample rate must be in [0, 1]. Provided value: " + sampleRate);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1. Provided value: " + steps);
            }
        }
    }

    private final List<Entry> history = new ArrayList<>();
    private final double[] orders;

    /** An accountant with the default orders. */
    public RdpAccountant() {
        this(Rdp.defaultOrders());
    }

    /** An accountant with the given orders (each {@code > 1}). */
    public RdpAccountant(double[] orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("orders must be non-empty");
        }
        for (double a : orders) {
            if (!(a > 1)) {
                throw new IllegalArgumentException("RDP order must be > 1. Provided value: " + a);
            }
        }
        this.orders = orders.clone();
    }

    /** Records one step. */
    public synchronized void step(double noiseMultiplier, double sampleRate) {
        steps(noiseMultiplier, sampleRate, 1);
    }

    /** Records {@code steps} identical steps. */
    public synchronized void steps(double noiseMultiplier, double sampleRate, long steps) {
        Entry e = new Entry(noiseMultiplier, sampleRate, steps);
        int last = history.size() - 1;
        if (last >= 0 && history.get(last).noiseMultiplier() == noiseMultiplier && history.get(last).sampleRate() == sampleRate) {
            history.set(last, new Entry(noiseMultiplier, sampleRate, Math.addExact(history.get(last).steps(), steps)));
        } else {
            history.add(e);
        }
    }

    /** The history, oldest first (an immutable snapshot). */
    public synchronized List<Entry> history() {
        return Collections.unmodifiableList(new ArrayList<>(history));
    }

    /** Rebuilds an accountant from a history (same orders as the default). */
    public static RdpAccountant replay(List<Entry> history) {
        RdpAccountant a = new RdpAccountant();
        for (Entry e : history) {
            a.steps(e.noiseMultiplier(), e.sampleRate(), e.steps());
        }
        return a;
    }

    /** The accumulated RDP at each order. */
    public synchronized double[] rdp() {
        double[] total = new double[orders.length];
        for (Entry e : history) {
            double[] r = Rdp.subsampledGaussian(e.sampleRate(), e.noiseMultiplier(), e.steps(), orders);
            for (int k = 0; k < total.length; k++) {
                total[k] += r[k];
            }
        }
        return total;
    }

    /** The epsilon spent at {@code delta} (0 before any step), with the order that achieves it. */
    public synchronized Rdp.Epsilon epsilon(double delta) {
        if (history.isEmpty()) {
            org.privet.dp.noise.PrivacyBudget.checkPositiveDelta(delta);
            return new Rdp.Epsilon(0, Double.NaN);
        }
        return Rdp.epsilon(orders, rdp(), delta);
    }
}
