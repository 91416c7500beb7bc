/**
 * Membership audits whose reference (shadow) models train as Spark tasks, one task per model, on the model's
 * seeded split; the driver runs LiRA, RMIA and the other attacks on the collected outputs. Same request and
 * seed, same scores bit for bit as {@code MembershipAudit.run} on one machine.
 */
package org.privet.spark.membership;
