package org.privet.core.autodiff;

/** A recorded operation: the inputs it read and its backward rule. Immutable. */
final class Node {
    final String op;
    final Variable[] inputs;
    final Backward backward;

    Node(String op, Variable[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }
}
