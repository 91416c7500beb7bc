/**
 * Two-party private inference of logistic regression and MLPs given as plain weight arrays: {@link
 * org.privet.mpc.inference.PrivateInference} runs the model owner's and the data owner's sides; the class
 * comment says exactly what each party learns.
 */
package org.privet.mpc.inference;
