package org.privet.core.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.privet.core.tensor.Tensor;

/**
 * Entry points of reverse-mode differentiation and the per-thread gradient-recording mode.
 *
 * <p>Recording is on by default. Inside {@code try (var g = Autodiff.noGrad()) { ... }} no graph
 * is recorded on the current thread (inference, optimiser updates). The mode is thread local:
 * threads do not affect each other.
 *
 * <p>{@link #grad} walks the graph with an iterative topological sort and only evaluates backward
 * rules on paths that lead to a requested input. With {@code createGraph = false} the rules run
 * with recording off, so they reduce to plain tensor arithmetic wrapped in unrecorded variables
 * (the fast path); with {@code createGraph = true} they are recorded, so the returned gradients
 * can be differentiated again.
 */
public final class Autodiff {
    private static final ThreadLocal<boolean[]> GRAD_ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Autodiff() {
    }

    /** Whether operations on the current thread record a graph. */
    public static boolean isGradEnabled() {
        return GRAD_ENABLED.get()[0];
    }

    /** Turns recording off on this thread until the returned scope is closed. */
    public static GradMode noGrad() {
        return setGradEnabled(false);
    }

    /** Turns recording on on this thread until the returned scope is closed. */
    public static GradMode enableGrad() {
        return setGradEnabled(true);
    }

    /** Sets recording on this thread until the returned scope is closed, which restores the previous mode. */
    public static GradMode setGradEnabled(boolean enabled) {
        boolean[] flag = GRAD_ENABLED.get();
        GradMode scope = new GradMode(flag, flag[0]);
        flag[0] = enabled;
        return scope;
    }

    /** A scope that restores the previous recording mode when closed. Close it on the thread that opened it. */
    public static final class GradMode implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private GradMode(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }

    /**
     * Gradients of {@code output} with respect to each of {@code inputs}.
     *
     * @param output      the variable to differentiate (any shape)
     * @param inputs      variables (leaves or intermediate) to differentiate with respect to
     * @param gradOutput  the vector of the vector-Jacobian product, same shape as {@code output};
     *                    null means all ones (for a scalar output: the plain gradient)
     * @param createGraph when true the returned gradients are recorded and can be differentiated
     *                    again; when false they are constants computed on the fast path
     * @return one gradient per input, same shape as that input; an input that does not require
     *         gradients, or that the output does not depend on, gets zeros
     */
    public static List<Variable> grad(Variable output, List<Variable> inputs, Variable gradOutput,
            boolean createGraph) {
        if (output == null || inputs == null) {
            throw new IllegalArgumentException("grad: output and inputs must not be null");
        }
        Set<Variable> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < inputs.size(); i++) {
            Variable in = inputs.get(i);
            if (in == null) {
                throw new IllegalArgumentException("grad: input " + i + " is null");
            }
            targets.add(in);
        }
        Map<Variable, Variable> grads = run(output, gradOutput, targets, false, createGraph);
        List<Variable> out = new ArrayList<>(inputs.size());
        for (Variable in : inputs) {
            Variable g = grads.get(in);
            out.add(g != null ? g : Variable.constant(Tensor.zeros(in.value().shape())));
        }
        return out;
    }

    /** Backward pass that accumulates into the {@code grad} of every leaf requiring gradients. */
    static void backwardToLeaves(Variable output, Variable gradOutput) {
        Map<Variable, Variable> grads = run(output, gradOutput, Collections.emptySet(), true, false);
        for (Map.Entry<Variable, Variable> e : grads.entrySet()) {
            Variable v = e.getKey();
            if (v.isLeaf() && v.requiresGrad()) {
                v.accumulateGrad(e.getValue().value());
            }
        }
    }

    private static Map<Variable, Variable> run(Variable output, Variable gradOutput, Set<Variable> targets,
            boolean allLeaves, boolean createGraph) {
        Tensor seed;
        if (gradOutput == null) {
            seed = Tensor.ones(output.value().shape());
            gradOutput = Variable.constant(seed);
        } else if (!gradOutput.value().sameShape(output.value())) {
            throw new IllegalArgumentException("grad: gradOutput shape " + gradOutput.value().shapeString()
                    + " != output shape " + output.value().shapeString());
        }
        Map<Variable, Variable> grads = new IdentityHashMap<>();
        if (!output.requiresGrad()) {
            return grads;
        }
        List<Variable> order = topologicalOrder(output);
        // reaches(v): v is a target, or some input of v's node reaches a target.
        Set<Variable> reaches = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Variable v : order) {
            boolean r = targets.contains(v) || (allLeaves && v.isLeaf());
            if (!r && v.creator != null) {
                for (Variable p : v.creator.inputs) {
                    if (p != null && reaches.contains(p)) {
                        r = true;
                        break;
                    }
                }
            }
            if (r) {
                reaches.add(v);
            }
        }
        // fast path: sums this pass allocated and nobody else has seen may be accumulated into in place
        Set<Variable> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        grads.put(output, gradOutput);
        try (GradMode mode = setGradEnabled(createGraph)) {
            for (int k = order.size() - 1; k >= 0; k--) {
                Variable v = order.get(k);
                Node node = v.creator;
                if (node == null || !reaches.contains(v)) {
                    continue;
                }
                Variable gv = grads.get(v);
                if (gv == null) {
                    continue;
                }
                if (!targets.contains(v)) {
                    grads.remove(v); // consumed: frees memory early
                }
                // Once handed to a backward rule, gv may be passed on unchanged to several inputs:
                // it must never again be accumulated into in place.
                owned.remove(gv);
                Variable[] ins = node.inputs;
                boolean[] need = new boolean[ins.length];
                boolean any = false;
                for (int i = 0; i < ins.length; i++) {
                    need[i] = ins[i] != null && ins[i].requiresGrad() && reaches.contains(ins[i]);
                    any |= need[i];
                }
                if (!any) {
                    continue;
                }
                Variable[] gs = node.backward.apply(gv, v, need);
                for (int i = 0; i < ins.length; i++) {
                    if (!need[i]) {
                        continue;
                    }
                    Variable g = gs[i];
                    Variable p = ins[i];
                    if (g == null) {
                        throw new AssertionError("internal invariant: backward of " + node.op
                                + " returned no gradient for needed input " + i);
                    }
                    if (!g.value().sameShape(p.value())) {
                        throw new AssertionError("internal invariant: backward of " + node.op + " gave input " + i
                                + " a gradient of shape " + g.value().shapeString() + " for a value of shape "
                                + p.value().shapeString());
                    }
                    Variable prev = grads.get(p);
                    if (prev == null) {
                        grads.put(p, g);
                    } else if (createGraph) {
                        grads.put(p, prev.add(g));
                    } else if (owned.contains(prev)) {
                        prev.value().addInPlace(g.value());
                    } else {
                        Variable sum = Variable.constant(prev.value().add(g.value()));
                        owned.add(sum);
                        grads.put(p, sum);
                    }
                }
            }
        }
        return grads;
    }

    /** Post-order over variables that require gradients: every variable after its inputs. Iterative. */
    static List<Variable> topologicalOrder(Variable root) {
        List<Variable> order = new ArrayList<>();
        Set<Variable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Variable[] stack = new Variable[64];
        int[] next = new int[64];
        int top = 0;
        stack[0] = root;
        next[0] = 0;
        visited.add(root);
        while (top >= 0) {
            Variable v = stack[top];
            Node n = v.creator;
            if (n != null && next[top] < n.inputs.length) {
                Variable p = n.inputs[next[top]++];
                if (p != null && p.requiresGrad() && visited.add(p)) {
                    top++;
                    if (top == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, top * 2);
                        next = java.util.Arrays.copyOf(next, top * 2);
                    }
                    stack[top] = p;
                    next[top] = 0;
                }
            } else {
                order.add(v);
                stack[top--] = null;
            }
        }
        return order;
    }
}
