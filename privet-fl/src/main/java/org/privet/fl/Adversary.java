package org.privet.fl;

import org.privet.attacks.poison.Backdoor;
import org.privet.attacks.poison.DataPoison;
import org.privet.attacks.poison.UpdateAttack;

/**
 * Which clients an attacker controls and what it does with them. The attackers are {@code round(fraction *
 * N)} clients chosen by the simulation's seed; each poisons its local data with {@code data} (if any) and
 * trains on it, then all of a round's participating attackers' updates are rewritten together by {@code
 * update} (if any). Immutable.
 *
 * @param fraction attacker fraction of the clients, in [0, 1)
 * @param data     data poison applied once to each attacker's local data, or null
 * @param update   update attack applied each round, or null
 */
public record Adversary(double fraction, DataPoison data, UpdateAttack update) {
    public Adversary {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("attacker fraction must be in [0, 1). Provided value: " + fraction);
        }
        if (fraction > 0 && data == null && update == null) {
            throw new IllegalArgumentException("attackers need a data poison or an update attack");
        }
    }

    /** No attackers. */
    public static Adversary none() {
        return new Adversary(0, null, null);
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
        return s.append(" @ ").append(fraction).toString();
    }
}
