package org.privet.fl;

import org.privet.attacks.poison.Backdoor;
import org.privet.attacks.poison.DataPoison;
import org.privet.attacks.poison.UpdateAttack;

/**
 * Which clients an attacker controls and what it does with them. The attackers are {@code round(fraction *
 * N)} clients chosen by the simulation's seed; each poisons its local data with {@code data} (if any) and
 * trains on it, then all of a round's participating attackers' updates are rewritten together by {@code
 * update} (if any), from round {@code startRound} on (before it the attacker clients behave
 * honestly, e.g. to attack a model near convergence as Bagdasaryan et al. do). Immutable.
 *
 * @param fraction   attacker fraction of the clients, in [0, 1)
 * @param data       data poison applied to each attacker's local data, or null
 * @param update     update attack applied each round, or null
 * @param startRound first round in which the attackers act, &gt;= 0
 * @param training   the attackers' local training when they act (e.g. with a proximal "anomaly" term for
 *                   constrain-and-scale), or null for the honest clients' settings
 */
public record Adversary(double fraction, DataPoison data, UpdateAttack update, int startRound,
        LocalTraining training) {
    /** Attackers that train like honest clients. */
    public Adversary(double fraction, DataPoison data, UpdateAttack update, int startRound) {
        this(fraction, data, update, startRound, null);
    }

    public Adversary {
        if (startRound < 0) {
            throw new IllegalArgumentException("attack start round must be >= 0. Provided value: " + startRound);
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("attacker fraction must be in [0, 1). Provided value: " + fraction);
        }
        if (fraction > 0 && data == null && update == null) {
            throw new IllegalArgumentException("attackers need a data poison or an update attack");
        }
    }

    /** No attackers. */
    public static Adversary none() {
        return new Adversary(0, null, null, 0);
    }

    /** Attackers acting from the first round. */
    public static Adversary of(double fraction, DataPoison data, UpdateAttack update) {
        return new Adversary(fraction, data, update, 0);
    }

    /** The backdoor whose success rate the simulation measures, or null. */
    public Backdoor backdoor() {
        return data instanceof Backdoor b ? b : null;
    }

    /** A short name for reports. */
    public String name() {
        if (fraction == 0) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (data != null) {
            s.append(data.name());
        }
        if (update != null) {
            s.append(s.length() > 0 ? " + " : "").append(update.name());
        }
        s.append(" @ ").append(fraction);
        return (startRound > 0 ? s.append(" from round ").append(startRound) : s).toString();
    }
}
