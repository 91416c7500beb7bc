/**
 * Private training on secret-shared data: {@link org.privet.mpc.training.PrivateLogisticRegression}
 * (SecureML-style mini-batch gradient descent, two or more parties).
 */
package org.privet.mpc.training;
