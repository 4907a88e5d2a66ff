package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.era4j.autograd.ParameterRole;
import org.era4j.autograd.Tensor;

/**
 * A node of the model tree: own parameters and buffers (non-trainable state such as batch norm's
 * running statistics), named children, and a training flag. Qualified names join the path with
 * dots ({@code "block0.dense.weight"}), the keys used in saved weight files. Registration order is
 * kept, so parameter order, and with it seeded initialisation and optimiser state, is
 * deterministic.
 */
public abstract class Module {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, float[]> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Applies the module. */
    public abstract Tensor forward(ExecutionContext context, Tensor input);

    protected final Tensor registerParameter(String name, ParameterRole role, float[] data, int... shape) {
        checkName(name);
        Tensor t = Tensor.parameter(name, role, data, shape);
        parameters.put(name, t);
        return t;
    }

    protected final float[] registerBuffer(String name, float[] data) {
        checkName(name);
        buffers.put(name, data);
        return data;
    }

    protected final <M extends Module> M registerChild(String name, M child) {
        checkName(name);
        if (child == null) {
            throw new IllegalArgumentException("child module '" + name + "' is null");
        }
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module entry names must be non-empty without dots, got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate module entry '" + name + "'");
        }
    }

    /** Every trainable tensor of the tree by qualified name, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Tensor> out) {
        parameters.forEach((name, t) -> out.put(prefix + name, t));
        children.forEach((name, child) -> child.collectParameters(prefix + name + ".", out));
    }

    /** Every buffer of the tree by qualified name. */
    public final Map<String, float[]> namedBuffers() {
        Map<String, float[]> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, float[]> out) {
        buffers.forEach((name, b) -> out.put(prefix + name, b));
        children.forEach((name, child) -> child.collectBuffers(prefix + name + ".", out));
    }

    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Number of trainable scalars. */
    public final long parameterCount() {
        long count = 0;
        for (Tensor t : parameters()) {
            count += t.size();
        }
        return count;
    }

    /** Sets training mode on the whole tree (dropout active, batch norm uses batch statistics). */
    public final Module train(boolean on) {
        training = on;
        children.values().forEach(child -> child.train(on));
        return this;
    }

    /** Evaluation mode: {@code train(false)}. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Zeroes every parameter gradient. */
    public final void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    /** Direct children by name. */
    public final Map<String, Module> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** One line per module with its parameter count, indented by depth. */
    public final String summary() {
        StringBuilder out = new StringBuilder();
        summarise("", getClass().getSimpleName(), out);
        out.append("total parameters: ").append(parameterCount()).append('\n');
        return out.toString();
    }

    private void summarise(String indent, String name, StringBuilder out) {
        out.append(indent).append(name).append(" (").append(describe()).append("): ")
                .append(parameterCount()).append('\n');
        children.forEach((childName, child) -> child.summarise(indent + "  ", childName, out));
    }

    /** Short description for {@link #summary()}. */
    protected String describe() {
        return getClass().getSimpleName();
    }
}
