package org.privet.attacks.infer.membership;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.privet.attacks.reference.ReferenceOutputs;

/**
 * The outcome of {@link MembershipAudit#run}: one {@link AttackResult} per requested attack (in the
 * request's canonical order, scores in the candidates' order), the reference outputs when reference
 * models were trained (their masks say which pool records each model saw; pool = candidates then
 * population), and the audit-wide settings for provenance. Immutable.
 */
public final class AuditResult {
    private final List<AttackResult> attacks;
    private final ReferenceOutputs references;
    private final Map<String, String> provenance;

    AuditResult(List<AttackResult> attacks, ReferenceOutputs references, Map<String, String> provenance) {
        this.attacks = List.copyOf(attacks);
        this.references = references;
        this.provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** Results, one per attack. */
    public List<AttackResult> attacks() {
        return attacks;
    }

    /** The result of the attack named {@code name} (canonical name, e.g. {@code lira-online}). */
    public AttackResult attack(String name) {
        for (AttackResult a : attacks) {
            if (a.attack().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no result for attack '" + name + "'. Ran: "
                + attacks.stream().map(AttackResult::attack).toList());
    }

    /** Reference outputs over the pool (candidates first, then population), when any were trained. */
    public Optional<ReferenceOutputs> references() {
        return Optional.ofNullable(references);
    }

    /** Audit settings: seed, reference mode and count, recipe, augmentations, pool sizes. */
    public Map<String, String> provenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "AuditResult[" + attacks + ", " + provenance + "]";
    }
}
