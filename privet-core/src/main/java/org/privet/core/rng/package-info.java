/** Seeded, splittable experiment randomness. Privacy noise and keys never come from here. */
package org.privet.core.rng;
