/**
 * Non-linear functions on secret-shared fixed-point values by iterative approximations (CrypTen's methods):
 * exponential, reciprocal, sigmoid; each with its measured error over a documented range.
 */
package org.privet.mpc.approx;
