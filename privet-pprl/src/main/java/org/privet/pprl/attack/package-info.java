/**
 * Re-identification attacks on Bloom-filter encodings and what hardening buys against them: the
 * {@link org.privet.pprl.attack.FrequencyAttack} (frequency alignment), the
 * {@link org.privet.pprl.attack.PatternMiningAttack} (Christen et al. 2018), scored by
 * {@link org.privet.pprl.attack.AttackResult}, and the {@link org.privet.pprl.attack.HardeningReport} that runs both
 * against each hardening method beside the linkage quality it leaves ({@link org.privet.pprl.attack.LinkageQuality}).
 * The attacker knows the schema and holds plaintext ({@link org.privet.pprl.attack.PlaintextValues}), never the key.
 */
package org.privet.pprl.attack;
