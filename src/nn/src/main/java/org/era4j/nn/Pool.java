package org.era4j.nn;

import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.AvgPool2d;
import org.era4j.autograd.MaxPool2d;
import org.era4j.autograd.Padding;
import org.era4j.autograd.Tensor;

/** Max or average pooling of NCHW input over k x k windows. */
public final class Pool extends Module {

    /** Which reduction. */
    public enum Kind { MAX, AVERAGE }

    private final Kind kind;
    private final int size;
    private final int stride;
    private final Padding padding;

    public Pool(Kind kind, int size, int stride, Padding padding) {
        this.kind = kind;
        this.size = size;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(ExecutionContext context, Tensor input) {
        return kind == Kind.MAX ? MaxPool2d.apply(context.gemm(), input, size, stride, padding)
                : AvgPool2d.apply(input, size, stride, padding);
    }

    @Override
    protected String describe() {
        return kind + " pool " + size + "x" + size + " stride " + stride;
    }

    /** Max or average. */
    public Kind kind() {
        return kind;
    }

    /** The square window's side. */
    public int size() {
        return size;
    }

    /** The stride (both spatial axes). */
    public int stride() {
        return stride;
    }

    /** The padding mode. */
    public Padding padding() {
        return padding;
    }
}
