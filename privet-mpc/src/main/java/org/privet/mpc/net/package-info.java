/**
 * How parties talk: {@link org.privet.mpc.net.PartyNetwork} is the whole contract a protocol sees
 * (ordered, reliable, authenticated point-to-point messages with a timeout); {@link
 * org.privet.mpc.net.InProcessNetwork} connects parties that are threads of one JVM.
 */
package org.privet.mpc.net;
