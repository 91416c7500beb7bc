/**
 * Binary (XOR) sharing and what it is for: arithmetic-to-binary conversion with a Kogge-Stone adder on
 * shares, bit-to-arithmetic conversion, and on top of them secure comparison, ReLU, select and argmax.
 */
package org.privet.mpc.binary;
