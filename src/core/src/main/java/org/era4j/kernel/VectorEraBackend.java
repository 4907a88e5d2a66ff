package org.era4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.era4j.rational.EraSpec;

/**
 * ERA forward and fused backward on SIMD lanes (jdk.incubator.vector).
 *
 * <p>The species is chosen once per JVM by {@link VectorSupport} ({@code -Dera4j.simd.bits}), so
 * the JIT sees a constant species. Load this class only when {@link VectorSupport#enabled()}: it
 * needs {@code --add-modules jdk.incubator.vector}; {@code EraBackends} never hands it out otherwise. Each loop runs to {@code loopBound} and hands the tail to the float32 scalar
 * twin ({@link ScalarEraBackend}), which performs the same operations in the same order: forward
 * values and input gradients agree with the twin bit for bit.
 *
 * <p>Per element the work is: one FMA for {@code a x + b}; per fraction a subtraction, two FMAs
 * (quadratic and numerator), one division and one addition. (Combining two fractions over one
 * division, {@code (r q' + r' q) / (q q')}, saves a division but costs four more operations and an
 * overflow guard; on the Zen 5 core this was measured on, that form was 1.3x slower forward and
 * 1.4x slower backward at L1/L2 sizes, so the kernels divide once per fraction. See
 * docs/benchmarks.md.)
 *
 * <p>Backward sums parameter gradients in vector accumulators over blocks of {@link #BLOCK}
 * elements, reduces each block's lanes and adds the block sums in float64, so the gradient error
 * grows with the block length, not with {@code length}. {@code n = 1} and {@code n = 2} (the
 * paper's degrees 3/2 and 5/4) have dedicated loops with every accumulator in a register; larger
 * {@code n} keep the per-fraction accumulators in a per-thread lane buffer.
 *
 * <p>MemorySegment overloads accept native segments and heap segments over any primitive array,
 * at any byte alignment, with long offsets and lengths. Native segments are read and written in
 * place by segment twins of the array kernels; heap segments over a float[] run the array kernels
 * on that array; other heap segments (byte[], odd offsets) and native/heap mixes are staged
 * through a per-thread buffer in blocks. All three give the float[] path's outputs and parameter
 * gradients bit for bit. The native route calls the restricted {@code MemorySegment.reinterpret}
 * (same address, size and scope) and so wants {@code --enable-native-access} for this code's
 * module, as the OpenCL backend does; the reason is in the source.
 */
public final class VectorEraBackend implements EraBackend {

    /** The species used by every kernel of this JVM. */
    public static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;
    /** The shared instance; the backend is stateless. */
    public static final VectorEraBackend INSTANCE = new VectorEraBackend();

    /** Elements per block of the backward reduction (a multiple of every lane count). */
    static final int BLOCK = 4096;
    private static final int LANES = SPECIES.length();
    private static final long BLOCK_BYTES = (long) BLOCK * Float.BYTES;

    private VectorEraBackend() {
    }

    @Override
    public String name() {
        return "simd";
    }

    // ------------------------------------------------------------------ forward

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        float[] x, int xOffset, float[] y, int yOffset, int length) {
        Checks.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        forwardUnchecked(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
    }

    private static void forwardUnchecked(EraSpec spec, float[] p, int o,
                                         float[] x, int xOffset, float[] y, int yOffset, int length) {
        int n = spec.fractions();
        float eps = spec.eps();
        int bound = SPECIES.loopBound(length);
        switch (n) {
            case 1 -> forwardOne(p, o, eps, x, xOffset, y, yOffset, bound);
            case 2 -> forwardTwo(p, o, eps, x, xOffset, y, yOffset, bound);
            default -> forwardMany(p, o, n, eps, x, xOffset, y, yOffset, bound);
        }
        for (int i = bound; i < length; i++) {
            y[yOffset + i] = ScalarEraBackend.value(p, o, n, eps, x[xOffset + i]);
        }
    }

    private static void forwardOne(float[] p, int o, float eps,
                                   float[] x, int xOffset, float[] y, int yOffset, int bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[o + 1]);
        FloatVector c = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector d = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector e = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector g = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        for (int i = 0; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector t = xv.sub(e);
            FloatVector q = t.fma(t, g);
            FloatVector r = c.fma(xv, d);
            a.fma(xv, b).add(r.div(q)).intoArray(y, yOffset + i);
        }
    }

    private static void forwardTwo(float[] p, int o, float eps,
                                   float[] x, int xOffset, float[] y, int yOffset, int bound) {
        // Parameters are broadcast once, outside the loop: the JIT cannot hoist loads from p past
        // the stores into y (both are float[], they might alias).
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[o + 1]);
        FloatVector ci = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector di = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector ei = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector gi = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector cj = FloatVector.broadcast(SPECIES, p[o + 6]);
        FloatVector dj = FloatVector.broadcast(SPECIES, p[o + 7]);
        FloatVector ej = FloatVector.broadcast(SPECIES, p[o + 8]);
        FloatVector gj = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 1, eps));
        for (int i = 0; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector ti = xv.sub(ei);
            FloatVector tj = xv.sub(ej);
            FloatVector termI = ci.fma(xv, di).div(ti.fma(ti, gi));
            FloatVector termJ = cj.fma(xv, dj).div(tj.fma(tj, gj));
            a.fma(xv, b).add(termI).add(termJ).intoArray(y, yOffset + i);
        }
    }

    private static void forwardMany(float[] p, int o, int n, float eps,
                                    float[] x, int xOffset, float[] y, int yOffset, int bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[o + 1]);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector acc = a.fma(xv, b);
            for (int k = 0; k < n; k++) {
                int pk = o + 2 + 4 * k;
                FloatVector t = xv.sub(p[pk + 2]);
                FloatVector q = t.fma(t, FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, k, eps)));
                FloatVector r = FloatVector.broadcast(SPECIES, p[pk]).fma(xv, FloatVector.broadcast(SPECIES, p[pk + 1]));
                acc = acc.add(r.div(q));
            }
            acc.intoArray(y, yOffset + i);
        }
    }

    // ------------------------------------------------------------------ backward

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         float[] x, int xOffset, float[] dy, int dyOffset, float[] dx, int dxOffset,
                         float[] dParams, int dParamsOffset, int length) {
        Checks.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length);
        Workspace workspace = Workspace.get();
        double[] raw = workspace.doubles(spec.parameterCount());
        backwardUnchecked(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset, raw, workspace, length);
        finish(params, paramsOffset, spec.fractions(), raw, dParams, dParamsOffset);
    }

    /** Adds raw parameter sums of {@code length} elements to {@code raw} (see {@link #finish}). */
    private static void backwardUnchecked(EraSpec spec, float[] p, int o, float[] x, int xOffset,
                                          float[] dy, int dyOffset, float[] dx, int dxOffset,
                                          double[] raw, Workspace workspace, int length) {
        int n = spec.fractions();
        float eps = spec.eps();
        int bound = SPECIES.loopBound(length);
        float[] lanes = workspace.lanes(spec.parameterCount(), LANES);
        switch (n) {
            case 1 -> backwardOne(p, o, eps, x, xOffset, dy, dyOffset, dx, dxOffset, raw, lanes, bound);
            case 2 -> backwardTwo(p, o, eps, x, xOffset, dy, dyOffset, dx, dxOffset, raw, lanes, bound);
            default -> backwardMany(p, o, n, eps, x, xOffset, dy, dyOffset, dx, dxOffset, raw, lanes, bound);
        }
        if (bound < length) {
            float[] sums = workspace.sums(spec.parameterCount());
            for (int i = bound; i < length; i++) {
                dx[dxOffset + i] = ScalarEraBackend.backwardElement(p, o, n, eps, x[xOffset + i],
                        dy[dyOffset + i], sums, 0);
            }
            for (int k = 0; k < spec.parameterCount(); k++) {
                raw[k] += sums[k];
            }
        }
    }

    /**
     * Raw sums to gradients: a, b, c, d are gradients already; {@code de = 2 sum(g t r / q^2)},
     * {@code df = -2 f sum(g r / q^2)}. Each is added to {@code dParams} with one rounding.
     */
    private static void finish(float[] p, int o, int n, double[] raw, float[] dParams, int dOffset) {
        dParams[dOffset] = (float) (dParams[dOffset] + raw[0]);
        dParams[dOffset + 1] = (float) (dParams[dOffset + 1] + raw[1]);
        for (int i = 0; i < n; i++) {
            int k = 2 + 4 * i;
            dParams[dOffset + k] = (float) (dParams[dOffset + k] + raw[k]);
            dParams[dOffset + k + 1] = (float) (dParams[dOffset + k + 1] + raw[k + 1]);
            dParams[dOffset + k + 2] = (float) (dParams[dOffset + k + 2] + 2 * raw[k + 2]);
            dParams[dOffset + k + 3] = (float) (dParams[dOffset + k + 3] - 2.0 * p[o + k + 3] * raw[k + 3]);
        }
    }

    private static void backwardOne(float[] p, int o, float eps, float[] x, int xOffset,
                                    float[] dy, int dyOffset, float[] dx, int dxOffset,
                                    double[] raw, float[] lanes, int bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector c = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector d = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector e = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector gq = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int block = 0; block < bound; block += BLOCK) {
            int end = Math.min(bound, block + BLOCK);
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            FloatVector sumC = FloatVector.zero(SPECIES);
            FloatVector sumD = FloatVector.zero(SPECIES);
            FloatVector sumE = FloatVector.zero(SPECIES);
            FloatVector sumF = FloatVector.zero(SPECIES);
            for (int i = block; i < end; i += LANES) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
                FloatVector g = FloatVector.fromArray(SPECIES, dy, dyOffset + i);
                FloatVector t = xv.sub(e);
                FloatVector w = one.div(t.fma(t, gq));
                FloatVector r = c.fma(xv, d);
                FloatVector sw = r.mul(w).mul(w);
                FloatVector tsw = t.mul(sw);
                FloatVector slope = minusTwo.fma(tsw, c.fma(w, a));
                g.mul(slope).intoArray(dx, dxOffset + i);
                FloatVector gw = g.mul(w);
                sumA = g.fma(xv, sumA);
                sumB = sumB.add(g);
                sumC = gw.fma(xv, sumC);
                sumD = sumD.add(gw);
                sumE = g.fma(tsw, sumE);
                sumF = g.fma(sw, sumF);
            }
            addLanes(sumA, lanes, raw, 0);
            addLanes(sumB, lanes, raw, 1);
            addLanes(sumC, lanes, raw, 2);
            addLanes(sumD, lanes, raw, 3);
            addLanes(sumE, lanes, raw, 4);
            addLanes(sumF, lanes, raw, 5);
        }
    }

    private static void backwardTwo(float[] p, int o, float eps, float[] x, int xOffset,
                                    float[] dy, int dyOffset, float[] dx, int dxOffset,
                                    double[] raw, float[] lanes, int bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector ci = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector di = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector ei = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector gi = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector cj = FloatVector.broadcast(SPECIES, p[o + 6]);
        FloatVector dj = FloatVector.broadcast(SPECIES, p[o + 7]);
        FloatVector ej = FloatVector.broadcast(SPECIES, p[o + 8]);
        FloatVector gj = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 1, eps));
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int block = 0; block < bound; block += BLOCK) {
            int end = Math.min(bound, block + BLOCK);
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            FloatVector sumCi = FloatVector.zero(SPECIES);
            FloatVector sumDi = FloatVector.zero(SPECIES);
            FloatVector sumEi = FloatVector.zero(SPECIES);
            FloatVector sumFi = FloatVector.zero(SPECIES);
            FloatVector sumCj = FloatVector.zero(SPECIES);
            FloatVector sumDj = FloatVector.zero(SPECIES);
            FloatVector sumEj = FloatVector.zero(SPECIES);
            FloatVector sumFj = FloatVector.zero(SPECIES);
            for (int i = block; i < end; i += LANES) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
                FloatVector g = FloatVector.fromArray(SPECIES, dy, dyOffset + i);
                FloatVector ti = xv.sub(ei);
                FloatVector qi = ti.fma(ti, gi);
                FloatVector tj = xv.sub(ej);
                FloatVector qj = tj.fma(tj, gj);
                FloatVector wi = one.div(qi);
                FloatVector wj = one.div(qj);
                FloatVector ri = ci.fma(xv, di);
                FloatVector swi = ri.mul(wi).mul(wi);
                FloatVector tswi = ti.mul(swi);
                FloatVector rj = cj.fma(xv, dj);
                FloatVector swj = rj.mul(wj).mul(wj);
                FloatVector tswj = tj.mul(swj);
                FloatVector slope = minusTwo.fma(tswi, ci.fma(wi, a));
                slope = minusTwo.fma(tswj, cj.fma(wj, slope));
                g.mul(slope).intoArray(dx, dxOffset + i);
                FloatVector gwi = g.mul(wi);
                FloatVector gwj = g.mul(wj);
                sumA = g.fma(xv, sumA);
                sumB = sumB.add(g);
                sumCi = gwi.fma(xv, sumCi);
                sumDi = sumDi.add(gwi);
                sumEi = g.fma(tswi, sumEi);
                sumFi = g.fma(swi, sumFi);
                sumCj = gwj.fma(xv, sumCj);
                sumDj = sumDj.add(gwj);
                sumEj = g.fma(tswj, sumEj);
                sumFj = g.fma(swj, sumFj);
            }
            addLanes(sumA, lanes, raw, 0);
            addLanes(sumB, lanes, raw, 1);
            addLanes(sumCi, lanes, raw, 2);
            addLanes(sumDi, lanes, raw, 3);
            addLanes(sumEi, lanes, raw, 4);
            addLanes(sumFi, lanes, raw, 5);
            addLanes(sumCj, lanes, raw, 6);
            addLanes(sumDj, lanes, raw, 7);
            addLanes(sumEj, lanes, raw, 8);
            addLanes(sumFj, lanes, raw, 9);
        }
    }

    /**
     * Adds the lanes of {@code sum} to {@code raw[k]} in lane order, in float64. Not
     * {@code reduceLanes}: its order differs between the interpreter and the JIT intrinsic, which
     * would make gradients depend on compilation state.
     */
    private static void addLanes(FloatVector sum, float[] scratch, double[] raw, int k) {
        sum.intoArray(scratch, 0);
        double total = 0;
        for (int lane = 0; lane < LANES; lane++) {
            total += scratch[lane];
        }
        raw[k] += total;
    }

    /** Any n: a and b in registers, per-fraction sums in {@code lanes} ({@code k * LANES}). */
    private static void backwardMany(float[] p, int o, int n, float eps, float[] x, int xOffset,
                                     float[] dy, int dyOffset, float[] dx, int dxOffset,
                                     double[] raw, float[] lanes, int bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int count = 4 * n + 2;
        for (int block = 0; block < bound; block += BLOCK) {
            int end = Math.min(bound, block + BLOCK);
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            for (int i = block; i < end; i += LANES) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
                FloatVector g = FloatVector.fromArray(SPECIES, dy, dyOffset + i);
                FloatVector slope = a;
                for (int k = 0; k < n; k++) {
                    int pk = o + 2 + 4 * k;
                    FloatVector t = xv.sub(p[pk + 2]);
                    FloatVector w = one.div(t.fma(t, FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, k, eps))));
                    slope = fractionBackward(p[pk], p[pk + 1], xv, g, t, w, slope, minusTwo, lanes, (2 + 4 * k) * LANES);
                }
                g.mul(slope).intoArray(dx, dxOffset + i);
                sumA = g.fma(xv, sumA);
                sumB = sumB.add(g);
            }
            addLanes(sumA, lanes, raw, 0);
            addLanes(sumB, lanes, raw, 1);
            for (int k = 2; k < count; k++) {
                for (int lane = 0; lane < LANES; lane++) {
                    raw[k] += lanes[k * LANES + lane];
                }
                FloatVector.zero(SPECIES).intoArray(lanes, k * LANES);
            }
        }
    }

    /** One fraction of {@link #backwardMany}: updates its four lane sums, returns the slope. */
    private static FloatVector fractionBackward(float c, float d, FloatVector xv, FloatVector g,
                                                FloatVector t, FloatVector w, FloatVector slope,
                                                FloatVector minusTwo, float[] lanes, int at) {
        FloatVector cv = FloatVector.broadcast(SPECIES, c);
        FloatVector r = cv.fma(xv, FloatVector.broadcast(SPECIES, d));
        FloatVector sw = r.mul(w).mul(w);
        FloatVector tsw = t.mul(sw);
        FloatVector gw = g.mul(w);
        gw.fma(xv, FloatVector.fromArray(SPECIES, lanes, at)).intoArray(lanes, at);
        FloatVector.fromArray(SPECIES, lanes, at + LANES).add(gw).intoArray(lanes, at + LANES);
        g.fma(tsw, FloatVector.fromArray(SPECIES, lanes, at + 2 * LANES)).intoArray(lanes, at + 2 * LANES);
        g.fma(sw, FloatVector.fromArray(SPECIES, lanes, at + 3 * LANES)).intoArray(lanes, at + 3 * LANES);
        return minusTwo.fma(tsw, cv.fma(w, slope));
    }

    // ------------------------------------------------------------------ MemorySegment

    /*
     * Three routes, chosen per call, all giving the float[] path's results bit for bit:
     *
     * 1. Every segment a heap segment over a float[] at a float-aligned offset (MemorySegment.ofArray
     *    and its slices): the array kernels on the backing arrays. Zero copy.
     * 2. Every segment native (allocated, mapped, from a foreign library): the segment kernels
     *    below, reading and writing in place. Zero copy. Each segment is first re-viewed by
     *    reinterpret(byteSize()), which keeps its address, size, scope and read-only flag but is
     *    always the one plain native implementation class. Why: the JDK's segment access code is
     *    shared by every caller in the JVM, and once it had seen two segment classes (native and
     *    mapped, or native and byte[]) these loops ran 15-50x slower, JVM-wide, and did not recover
     *    (docs/benchmarks.md, "Segments"). The same measurement is why one segment kernel behind
     *    both paths (float[] wrapped by MemorySegment.ofArray) was not adopted: any other segment
     *    class seen by the JVM would then slow the float[] path too.
     * 3. Anything else (byte[]-backed or odd-offset heap segments, heap and native mixed): blocks
     *    of BLOCK elements staged through a per-thread float[] and the array kernels. One extra
     *    L1-resident copy per element each way; the price of keeping heap segment classes out of
     *    route 2's loops. Blocks start at multiples of BLOCK, so the gradient blocks are the
     *    array path's.
     *
     * The segment kernels repeat the array kernels' operations in the same order, with the same
     * BLOCK structure for the gradient sums and the same scalar tails. Offsets inside them are in
     * bytes; vector accesses need no alignment and scalar tails use JAVA_FLOAT_UNALIGNED, so a
     * native segment at an odd address works.
     */

    /** The float[] behind a writable heap segment that starts on a float boundary in it, or null. */
    static float[] backingFloats(MemorySegment segment) {
        if (segment.isNative() || segment.address() % Float.BYTES != 0) {
            return null;
        }
        return segment.heapBase().orElse(null) instanceof float[] array ? array : null;
    }

    /** Index in {@link #backingFloats}'s array of float {@code offset} of the segment. */
    private static int indexIn(MemorySegment segment, long offset) {
        return Math.toIntExact(segment.address() / Float.BYTES + offset);
    }

    /** A native segment as the plain native implementation class, same scope (see above). */
    private static MemorySegment plainNative(MemorySegment segment) {
        return segment.reinterpret(segment.byteSize());
    }

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long VECTOR_BYTES = (long) LANES * Float.BYTES;

    @Override
    public void forward(EraSpec spec, float[] params, int paramsOffset,
                        MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        Checks.forward(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        float[] xArray = backingFloats(x);
        float[] yArray = backingFloats(y);
        if (xArray != null && yArray != null) {
            forwardUnchecked(spec, params, paramsOffset, xArray, indexIn(x, xOffset), yArray, indexIn(y, yOffset),
                    Math.toIntExact(length));
        } else if (x.isNative() && y.isNative()) {
            forwardUnchecked(spec, params, paramsOffset, plainNative(x), xOffset * Float.BYTES,
                    plainNative(y), yOffset * Float.BYTES, length);
        } else {
            forwardStaged(spec, params, paramsOffset, x, xOffset, y, yOffset, length);
        }
    }

    private static void forwardStaged(EraSpec spec, float[] params, int paramsOffset,
                                      MemorySegment x, long xOffset, MemorySegment y, long yOffset, long length) {
        float[] buffer = Workspace.get().staging(BLOCK);
        for (long done = 0; done < length; done += BLOCK) {
            int count = (int) Math.min(BLOCK, length - done);
            MemorySegment.copy(x, FLOAT, (xOffset + done) * Float.BYTES, buffer, 0, count);
            forwardUnchecked(spec, params, paramsOffset, buffer, 0, buffer, 0, count);
            MemorySegment.copy(buffer, 0, y, FLOAT, (yOffset + done) * Float.BYTES, count);
        }
    }

    private static void forwardUnchecked(EraSpec spec, float[] p, int o,
                                         MemorySegment x, long xByte, MemorySegment y, long yByte, long length) {
        int n = spec.fractions();
        float eps = spec.eps();
        long bound = length - length % LANES;
        switch (n) {
            case 1 -> forwardOne(p, o, eps, x, xByte, y, yByte, bound);
            case 2 -> forwardTwo(p, o, eps, x, xByte, y, yByte, bound);
            default -> forwardMany(p, o, n, eps, x, xByte, y, yByte, bound);
        }
        for (long i = bound; i < length; i++) {
            long at = i * Float.BYTES;
            y.set(FLOAT, yByte + at, ScalarEraBackend.value(p, o, n, eps, x.get(FLOAT, xByte + at)));
        }
    }

    private static void forwardOne(float[] p, int o, float eps,
                                   MemorySegment x, long xByte, MemorySegment y, long yByte, long bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[o + 1]);
        FloatVector c = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector d = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector e = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector g = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        long end = bound * Float.BYTES;
        for (long at = 0; at < end; at += VECTOR_BYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xByte + at, ORDER);
            FloatVector t = xv.sub(e);
            FloatVector q = t.fma(t, g);
            FloatVector r = c.fma(xv, d);
            a.fma(xv, b).add(r.div(q)).intoMemorySegment(y, yByte + at, ORDER);
        }
    }

    private static void forwardTwo(float[] p, int o, float eps,
                                   MemorySegment x, long xByte, MemorySegment y, long yByte, long bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[o + 1]);
        FloatVector ci = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector di = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector ei = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector gi = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector cj = FloatVector.broadcast(SPECIES, p[o + 6]);
        FloatVector dj = FloatVector.broadcast(SPECIES, p[o + 7]);
        FloatVector ej = FloatVector.broadcast(SPECIES, p[o + 8]);
        FloatVector gj = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 1, eps));
        long end = bound * Float.BYTES;
        for (long at = 0; at < end; at += VECTOR_BYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xByte + at, ORDER);
            FloatVector ti = xv.sub(ei);
            FloatVector tj = xv.sub(ej);
            FloatVector termI = ci.fma(xv, di).div(ti.fma(ti, gi));
            FloatVector termJ = cj.fma(xv, dj).div(tj.fma(tj, gj));
            a.fma(xv, b).add(termI).add(termJ).intoMemorySegment(y, yByte + at, ORDER);
        }
    }

    private static void forwardMany(float[] p, int o, int n, float eps,
                                    MemorySegment x, long xByte, MemorySegment y, long yByte, long bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector b = FloatVector.broadcast(SPECIES, p[o + 1]);
        long end = bound * Float.BYTES;
        for (long at = 0; at < end; at += VECTOR_BYTES) {
            FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xByte + at, ORDER);
            FloatVector acc = a.fma(xv, b);
            for (int k = 0; k < n; k++) {
                int pk = o + 2 + 4 * k;
                FloatVector t = xv.sub(p[pk + 2]);
                FloatVector q = t.fma(t, FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, k, eps)));
                FloatVector r = FloatVector.broadcast(SPECIES, p[pk]).fma(xv, FloatVector.broadcast(SPECIES, p[pk + 1]));
                acc = acc.add(r.div(q));
            }
            acc.intoMemorySegment(y, yByte + at, ORDER);
        }
    }

    @Override
    public void backward(EraSpec spec, float[] params, int paramsOffset,
                         MemorySegment x, long xOffset, MemorySegment dy, long dyOffset,
                         MemorySegment dx, long dxOffset, float[] dParams, int dParamsOffset, long length) {
        Checks.backward(spec, params, paramsOffset, x, xOffset, dy, dyOffset, dx, dxOffset,
                dParams, dParamsOffset, length);
        Workspace workspace = Workspace.get();
        double[] raw = workspace.doubles(spec.parameterCount());
        float[] xArray = backingFloats(x);
        float[] dyArray = backingFloats(dy);
        float[] dxArray = backingFloats(dx);
        if (xArray != null && dyArray != null && dxArray != null) {
            backwardUnchecked(spec, params, paramsOffset, xArray, indexIn(x, xOffset), dyArray, indexIn(dy, dyOffset),
                    dxArray, indexIn(dx, dxOffset), raw, workspace, Math.toIntExact(length));
        } else if (x.isNative() && dy.isNative() && dx.isNative()) {
            backwardUnchecked(spec, params, paramsOffset, plainNative(x), xOffset * Float.BYTES,
                    plainNative(dy), dyOffset * Float.BYTES, plainNative(dx), dxOffset * Float.BYTES,
                    raw, workspace, length);
        } else {
            float[] buffer = workspace.staging(2 * BLOCK);
            for (long done = 0; done < length; done += BLOCK) {
                int count = (int) Math.min(BLOCK, length - done);
                MemorySegment.copy(x, FLOAT, (xOffset + done) * Float.BYTES, buffer, 0, count);
                MemorySegment.copy(dy, FLOAT, (dyOffset + done) * Float.BYTES, buffer, BLOCK, count);
                backwardUnchecked(spec, params, paramsOffset, buffer, 0, buffer, BLOCK, buffer, BLOCK,
                        raw, workspace, count);
                MemorySegment.copy(buffer, BLOCK, dx, FLOAT, (dxOffset + done) * Float.BYTES, count);
            }
        }
        finish(params, paramsOffset, spec.fractions(), raw, dParams, dParamsOffset);
    }

    private static void backwardUnchecked(EraSpec spec, float[] p, int o, MemorySegment x, long xByte,
                                          MemorySegment dy, long dyByte, MemorySegment dx, long dxByte,
                                          double[] raw, Workspace workspace, long length) {
        int n = spec.fractions();
        float eps = spec.eps();
        long bound = length - length % LANES;
        float[] lanes = workspace.lanes(spec.parameterCount(), LANES);
        switch (n) {
            case 1 -> backwardOne(p, o, eps, x, xByte, dy, dyByte, dx, dxByte, raw, lanes, bound);
            case 2 -> backwardTwo(p, o, eps, x, xByte, dy, dyByte, dx, dxByte, raw, lanes, bound);
            default -> backwardMany(p, o, n, eps, x, xByte, dy, dyByte, dx, dxByte, raw, lanes, bound);
        }
        if (bound < length) {
            float[] sums = workspace.sums(spec.parameterCount());
            for (long i = bound; i < length; i++) {
                long at = i * Float.BYTES;
                dx.set(FLOAT, dxByte + at, ScalarEraBackend.backwardElement(p, o, n, eps,
                        x.get(FLOAT, xByte + at), dy.get(FLOAT, dyByte + at), sums, 0));
            }
            for (int k = 0; k < spec.parameterCount(); k++) {
                raw[k] += sums[k];
            }
        }
    }

    private static void backwardOne(float[] p, int o, float eps, MemorySegment x, long xByte,
                                    MemorySegment dy, long dyByte, MemorySegment dx, long dxByte,
                                    double[] raw, float[] lanes, long bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector c = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector d = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector e = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector gq = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        long boundBytes = bound * Float.BYTES;
        for (long block = 0; block < boundBytes; block += BLOCK_BYTES) {
            long end = Math.min(boundBytes, block + BLOCK_BYTES);
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            FloatVector sumC = FloatVector.zero(SPECIES);
            FloatVector sumD = FloatVector.zero(SPECIES);
            FloatVector sumE = FloatVector.zero(SPECIES);
            FloatVector sumF = FloatVector.zero(SPECIES);
            for (long at = block; at < end; at += VECTOR_BYTES) {
                FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xByte + at, ORDER);
                FloatVector g = FloatVector.fromMemorySegment(SPECIES, dy, dyByte + at, ORDER);
                FloatVector t = xv.sub(e);
                FloatVector w = one.div(t.fma(t, gq));
                FloatVector r = c.fma(xv, d);
                FloatVector sw = r.mul(w).mul(w);
                FloatVector tsw = t.mul(sw);
                FloatVector slope = minusTwo.fma(tsw, c.fma(w, a));
                g.mul(slope).intoMemorySegment(dx, dxByte + at, ORDER);
                FloatVector gw = g.mul(w);
                sumA = g.fma(xv, sumA);
                sumB = sumB.add(g);
                sumC = gw.fma(xv, sumC);
                sumD = sumD.add(gw);
                sumE = g.fma(tsw, sumE);
                sumF = g.fma(sw, sumF);
            }
            addLanes(sumA, lanes, raw, 0);
            addLanes(sumB, lanes, raw, 1);
            addLanes(sumC, lanes, raw, 2);
            addLanes(sumD, lanes, raw, 3);
            addLanes(sumE, lanes, raw, 4);
            addLanes(sumF, lanes, raw, 5);
        }
    }

    private static void backwardTwo(float[] p, int o, float eps, MemorySegment x, long xByte,
                                    MemorySegment dy, long dyByte, MemorySegment dx, long dxByte,
                                    double[] raw, float[] lanes, long bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector ci = FloatVector.broadcast(SPECIES, p[o + 2]);
        FloatVector di = FloatVector.broadcast(SPECIES, p[o + 3]);
        FloatVector ei = FloatVector.broadcast(SPECIES, p[o + 4]);
        FloatVector gi = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 0, eps));
        FloatVector cj = FloatVector.broadcast(SPECIES, p[o + 6]);
        FloatVector dj = FloatVector.broadcast(SPECIES, p[o + 7]);
        FloatVector ej = FloatVector.broadcast(SPECIES, p[o + 8]);
        FloatVector gj = FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, 1, eps));
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        long boundBytes = bound * Float.BYTES;
        for (long block = 0; block < boundBytes; block += BLOCK_BYTES) {
            long end = Math.min(boundBytes, block + BLOCK_BYTES);
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            FloatVector sumCi = FloatVector.zero(SPECIES);
            FloatVector sumDi = FloatVector.zero(SPECIES);
            FloatVector sumEi = FloatVector.zero(SPECIES);
            FloatVector sumFi = FloatVector.zero(SPECIES);
            FloatVector sumCj = FloatVector.zero(SPECIES);
            FloatVector sumDj = FloatVector.zero(SPECIES);
            FloatVector sumEj = FloatVector.zero(SPECIES);
            FloatVector sumFj = FloatVector.zero(SPECIES);
            for (long at = block; at < end; at += VECTOR_BYTES) {
                FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xByte + at, ORDER);
                FloatVector g = FloatVector.fromMemorySegment(SPECIES, dy, dyByte + at, ORDER);
                FloatVector ti = xv.sub(ei);
                FloatVector qi = ti.fma(ti, gi);
                FloatVector tj = xv.sub(ej);
                FloatVector qj = tj.fma(tj, gj);
                FloatVector wi = one.div(qi);
                FloatVector wj = one.div(qj);
                FloatVector ri = ci.fma(xv, di);
                FloatVector swi = ri.mul(wi).mul(wi);
                FloatVector tswi = ti.mul(swi);
                FloatVector rj = cj.fma(xv, dj);
                FloatVector swj = rj.mul(wj).mul(wj);
                FloatVector tswj = tj.mul(swj);
                FloatVector slope = minusTwo.fma(tswi, ci.fma(wi, a));
                slope = minusTwo.fma(tswj, cj.fma(wj, slope));
                g.mul(slope).intoMemorySegment(dx, dxByte + at, ORDER);
                FloatVector gwi = g.mul(wi);
                FloatVector gwj = g.mul(wj);
                sumA = g.fma(xv, sumA);
                sumB = sumB.add(g);
                sumCi = gwi.fma(xv, sumCi);
                sumDi = sumDi.add(gwi);
                sumEi = g.fma(tswi, sumEi);
                sumFi = g.fma(swi, sumFi);
                sumCj = gwj.fma(xv, sumCj);
                sumDj = sumDj.add(gwj);
                sumEj = g.fma(tswj, sumEj);
                sumFj = g.fma(swj, sumFj);
            }
            addLanes(sumA, lanes, raw, 0);
            addLanes(sumB, lanes, raw, 1);
            addLanes(sumCi, lanes, raw, 2);
            addLanes(sumDi, lanes, raw, 3);
            addLanes(sumEi, lanes, raw, 4);
            addLanes(sumFi, lanes, raw, 5);
            addLanes(sumCj, lanes, raw, 6);
            addLanes(sumDj, lanes, raw, 7);
            addLanes(sumEj, lanes, raw, 8);
            addLanes(sumFj, lanes, raw, 9);
        }
    }

    private static void backwardMany(float[] p, int o, int n, float eps, MemorySegment x, long xByte,
                                     MemorySegment dy, long dyByte, MemorySegment dx, long dxByte,
                                     double[] raw, float[] lanes, long bound) {
        FloatVector a = FloatVector.broadcast(SPECIES, p[o]);
        FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int count = 4 * n + 2;
        long boundBytes = bound * Float.BYTES;
        for (long block = 0; block < boundBytes; block += BLOCK_BYTES) {
            long end = Math.min(boundBytes, block + BLOCK_BYTES);
            FloatVector sumA = FloatVector.zero(SPECIES);
            FloatVector sumB = FloatVector.zero(SPECIES);
            for (long at = block; at < end; at += VECTOR_BYTES) {
                FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xByte + at, ORDER);
                FloatVector g = FloatVector.fromMemorySegment(SPECIES, dy, dyByte + at, ORDER);
                FloatVector slope = a;
                for (int k = 0; k < n; k++) {
                    int pk = o + 2 + 4 * k;
                    FloatVector t = xv.sub(p[pk + 2]);
                    FloatVector w = one.div(t.fma(t, FloatVector.broadcast(SPECIES, ScalarEraBackend.offsetOf(p, o, k, eps))));
                    slope = fractionBackward(p[pk], p[pk + 1], xv, g, t, w, slope, minusTwo, lanes, (2 + 4 * k) * LANES);
                }
                g.mul(slope).intoMemorySegment(dx, dxByte + at, ORDER);
                sumA = g.fma(xv, sumA);
                sumB = sumB.add(g);
            }
            addLanes(sumA, lanes, raw, 0);
            addLanes(sumB, lanes, raw, 1);
            for (int k = 2; k < count; k++) {
                for (int lane = 0; lane < LANES; lane++) {
                    raw[k] += lanes[k * LANES + lane];
                }
                FloatVector.zero(SPECIES).intoArray(lanes, k * LANES);
            }
        }
    }
}
