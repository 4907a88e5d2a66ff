package org.era4j.tornado;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.era4j.kernel.EraAccuracy;
import org.era4j.kernel.EraBackend;
import org.era4j.kernel.EraBackendProvider;
import org.era4j.kernel.EraBackends;
import org.era4j.kernel.ParameterSharing;
import org.era4j.kernel.VectorEraBackend;
import org.era4j.rational.EraLayout;
import org.era4j.rational.EraSpec;

/**
 * The checks of the core's conformance suite ({@code org.era4j.testkit.EraBackendConformance} in
 * era4j-core's test-jar, same bounds) run against {@link TornadoEraBackend} under the TornadoVM
 * launcher, plus the device-only checks: every sharing mode against the float64 reference set by
 * set, bitwise determinism, device-resident plans whose FloatArray segments the Vector API backend
 * reads in place, and the registry ({@code EraBackends.open("tornado")}, with and without a
 * device selector) end to end.
 *
 * <p>A main class rather than JUnit because it must run inside a TornadoVM JVM:
 * <pre>
 *   java @$TORNADOVM_HOME/tornado-argfile -cp "$(cat tornado/target/classpath.txt):tornado/target/classes:tornado/target/test-classes" \
 *       org.era4j.tornado.TornadoConformanceRunner [seed] [tries] [device]
 * </pre>
 * Bounds are {@link EraAccuracy}'s. Prints one line per check; exits 1 if any failed, 2 on a
 * setup error. Problems are random but seeded (the seed is printed; pass it back to replay).
 */
public final class TornadoConformanceRunner {

    private interface Check {
        void run(Random random);
    }

    private final TornadoEraBackend backend;
    private final int tries;

    private TornadoConformanceRunner(TornadoEraBackend backend, int tries) {
        this.backend = backend;
        this.tries = tries;
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : System.nanoTime();
        int tries = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String device = args.length > 2 ? args[2] : System.getProperty(TornadoEraBackend.DEVICE_PROPERTY);
        TornadoEraBackend backend;
        try {
            backend = TornadoEraBackend.on(device);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("tornado conformance: cannot open a TornadoVM device (" + e + "); run it under the"
                    + " TornadoVM SDK: java @$TORNADOVM_HOME/tornado-argfile -cp ... " + TornadoConformanceRunner.class.getName());
            System.exit(2);
            return;
        }
        System.out.println("tornado conformance: device " + backend + ", seed " + seed + ", tries " + tries);
        int failures;
        try (backend) {
            failures = new TornadoConformanceRunner(backend, tries).runAll(seed, device);
        }
        System.out.println(failures == 0 ? "tornado conformance: ALL PASSED" : "tornado conformance: " + failures + " FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }

    private int runAll(long seed, String device) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("forward within the stated bound of the reference", this::forwardIsWithinBound);
        checks.put("backward within the stated bounds of the reference", this::backwardIsWithinBounds);
        checks.put("in-place calls equal separate buffers", this::inPlaceEqualsSeparate);
        checks.put("segments equal arrays", this::segmentsEqualArrays);
        checks.put("finite outputs for every finite parameter set", this::outputsAreFinite);
        checks.put("huge inputs stay finite and accurate", this::hugeInputs);
        checks.put("every sharing mode within bounds, set by set", this::sharingModes);
        checks.put("bitwise deterministic across runs", this::deterministic);
        checks.put("device-resident plan shares FloatArray memory with the Vector API", this::residentPlan);
        int failures = 0;
        int index = 0;
        for (Map.Entry<String, Check> check : checks.entrySet()) {
            Random random = new Random(seed * 31 + index++);
            failures += report(check.getKey(), () -> {
                int count = check.getKey().startsWith("device-resident") ? Math.max(1, tries / 10) : tries;
                for (int t = 0; t < count; t++) {
                    check.getValue().run(random);
                }
            });
        }
        failures += report("NaN and infinity give NaN only where they are", this::nanAndInfinity);
        failures += report("bad input rejected with a message naming the problem", this::badInput);
        failures += report("EraBackends.open(\"tornado\") finds this backend under the SDK", TornadoConformanceRunner::registryLookup);
        String selector = device == null || device.isBlank() ? "0:0" : device.trim();
        failures += report("EraBackends.open(\"tornado:" + selector + "\") opens that device",
                () -> registrySelector(selector));
        return failures;
    }

    private static int report(String name, Runnable body) {
        long start = System.nanoTime();
        try {
            body.run();
            System.out.printf("  PASS  %-75s %6.1f s%n", name, (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (AssertionError | RuntimeException e) {
            System.out.printf("  FAIL  %-75s%n        %s%n", name, e);
            return 1;
        }
    }

    private static void require(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }

    private static void requireEqual(float[] expected, float[] actual, String what) {
        require(Arrays.equals(expected, actual), () -> what + ": arrays differ at index "
                + Arrays.mismatch(expected, actual));
    }

    private void forwardIsWithinBound(Random random) {
        EraProblem c = EraProblem.draw(random);
        int n = c.x().length;
        float[] x = c.padded(c.x());
        float[] y = c.padded(new float[n]);
        backend.forward(c.spec(), c.params(), 0, x, c.offset(), y, c.offset(), n);
        EraAccuracy.Measurement m = EraAccuracy.forwardError(c.spec(), c.params(), c.x(),
                Arrays.copyOfRange(y, c.offset(), c.offset() + n));
        require(m.passed(), () -> "forward error " + m + " at x=" + (m.worstIndex() >= 0 ? c.x()[m.worstIndex()] : 0) + " for " + c);
        untouchedOutside(y, c.offset(), n);
    }

    private void backwardIsWithinBounds(Random random) {
        EraProblem c = EraProblem.draw(random);
        int n = c.x().length;
        float[] x = c.padded(c.x());
        float[] dy = c.padded(c.dy());
        float[] dx = c.padded(new float[n]);
        float[] initial = new float[c.spec().parameterCount()];
        Arrays.fill(initial, 0.25f);
        float[] dParams = new float[initial.length + 2];
        System.arraycopy(initial, 0, dParams, 1, initial.length);
        backend.backward(c.spec(), c.params(), 0, x, c.offset(), dy, c.offset(), dx, c.offset(), dParams, 1, n);
        EraAccuracy.BackwardMeasurement m = EraAccuracy.backwardError(c.spec(), c.params(), c.x(), c.dy(),
                Arrays.copyOfRange(dx, c.offset(), c.offset() + n), Arrays.copyOfRange(dParams, 1, 1 + initial.length),
                initial);
        require(m.inputGradient().passed(), () -> "dx error " + m.inputGradient() + " for " + c);
        require(m.parameterGradient().passed(), () -> "dParams error " + m.parameterGradient() + " for " + c);
        require(dParams[0] == 0f && dParams[dParams.length - 1] == 0f, () -> "dParams written outside its range");
        untouchedOutside(dx, c.offset(), n);
    }

    private void inPlaceEqualsSeparate(Random random) {
        EraProblem c = EraProblem.draw(random);
        int n = c.x().length;
        EraSpec spec = c.spec();
        float[] y = new float[n];
        backend.forward(spec, c.params(), 0, c.x(), 0, y, 0, n);
        float[] inPlace = c.x().clone();
        backend.forward(spec, c.params(), 0, inPlace, 0, inPlace, 0, n);
        requireEqual(y, inPlace, "forward with y == x");
        float[] dx = new float[n];
        float[] dParams = new float[spec.parameterCount()];
        backend.backward(spec, c.params(), 0, c.x(), 0, c.dy(), 0, dx, 0, dParams, 0, n);
        float[] dxOverDy = c.dy().clone();
        float[] dParams2 = new float[spec.parameterCount()];
        backend.backward(spec, c.params(), 0, c.x(), 0, dxOverDy, 0, dxOverDy, 0, dParams2, 0, n);
        requireEqual(dx, dxOverDy, "backward with dx == dy");
        requireEqual(dParams, dParams2, "parameter gradients with dx == dy");
        float[] dxOverX = c.x().clone();
        float[] dParams3 = new float[spec.parameterCount()];
        backend.backward(spec, c.params(), 0, dxOverX, 0, c.dy(), 0, dxOverX, 0, dParams3, 0, n);
        requireEqual(dx, dxOverX, "backward with dx == x");
        requireEqual(dParams, dParams3, "parameter gradients with dx == x");
    }

    private void segmentsEqualArrays(Random random) {
        EraProblem c = EraProblem.draw(random);
        int n = c.x().length;
        EraSpec spec = c.spec();
        float[] y = new float[n];
        float[] dx = new float[n];
        float[] dParams = new float[spec.parameterCount()];
        backend.forward(spec, c.params(), 0, c.x(), 0, y, 0, n);
        backend.backward(spec, c.params(), 0, c.x(), 0, c.dy(), 0, dx, 0, dParams, 0, n);
        try (Arena arena = Arena.ofConfined()) {
            long off = c.offset();
            MemorySegment xs = arena.allocate((n + off) * 4L, 64);
            MemorySegment dys = arena.allocate((n + off) * 4L, 64);
            MemorySegment out = arena.allocate((n + off) * 4L, 64);
            MemorySegment.copy(c.x(), 0, xs, ValueLayout.JAVA_FLOAT, off * 4, n);
            MemorySegment.copy(c.dy(), 0, dys, ValueLayout.JAVA_FLOAT, off * 4, n);
            backend.forward(spec, c.params(), 0, xs, off, out, off, n);
            requireEqual(y, Arrays.copyOfRange(out.toArray(ValueLayout.JAVA_FLOAT), (int) off, (int) off + n), "forward on segments");
            float[] segmentParams = new float[spec.parameterCount()];
            backend.backward(spec, c.params(), 0, xs, off, dys, off, out, off, segmentParams, 0, n);
            requireEqual(dx, Arrays.copyOfRange(out.toArray(ValueLayout.JAVA_FLOAT), (int) off, (int) off + n), "backward on segments");
            requireEqual(dParams, segmentParams, "parameter gradients on segments");
            float[] heap = c.dy().clone();
            float[] heapParams = new float[spec.parameterCount()];
            backend.backward(spec, c.params(), 0, MemorySegment.ofArray(c.x()), 0, MemorySegment.ofArray(heap), 0,
                    MemorySegment.ofArray(heap), 0, heapParams, 0, n);
            requireEqual(dx, heap, "heap segments, dx == dy");
        }
    }

    private void outputsAreFinite(Random random) {
        EraProblem c = EraProblem.draw(random);
        float[] params = EraProblem.drawParams(c.spec(), random, 1e4);
        float[] x = EraProblem.drawInputs(random, Math.max(1, c.x().length), 1e4);
        for (int i = 0; i < c.spec().fractions(); i++) {
            x[i % x.length] = params[EraLayout.e(i)]; // exactly on a would-be pole
        }
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] dParams = new float[params.length];
        float[] dy = new float[x.length];
        Arrays.fill(dy, 1f);
        backend.forward(c.spec(), params, 0, x, 0, y, 0, x.length);
        backend.backward(c.spec(), params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            int at = i;
            require(Float.isFinite(y[i]) && Float.isFinite(dx[i]), () -> "non-finite output at x=" + x[at]
                    + " y=" + y[at] + " dx=" + dx[at] + " for " + c.spec() + " params=" + Arrays.toString(params));
        }
        for (float g : dParams) {
            require(Float.isFinite(g), () -> "non-finite parameter gradient " + Arrays.toString(dParams));
        }
        EraAccuracy.Measurement m = EraAccuracy.forwardError(c.spec(), params, x, y);
        require(m.passed(), () -> "large-parameter forward " + m);
    }

    private void hugeInputs(Random random) {
        EraProblem c = EraProblem.draw(random);
        float[] x = new float[33];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.pow(10, 3 + 15 * random.nextDouble()));
        }
        float[] y = new float[x.length];
        backend.forward(c.spec(), c.params(), 0, x, 0, y, 0, x.length);
        EraAccuracy.Measurement m = EraAccuracy.forwardError(c.spec(), c.params(), x, y);
        require(m.passed(), () -> "huge-input forward " + m + " x=" + x[Math.max(0, m.worstIndex())]);
        float[] dy = EraProblem.drawInputs(random, x.length, 1);
        EraAccuracy.BackwardMeasurement b = EraAccuracy.backward(backend, c.spec(), c.params(), x, dy);
        require(b.passed(), () -> "huge-input backward " + b);
    }

    /** A random sharing mode and a tensor shaped for it; measured set by set. */
    private void sharingModes(Random random) {
        EraSpec spec = new EraSpec(1 + random.nextInt(EraSpec.MAX_FRACTIONS), EraSpec.DEFAULT_EPS);
        int channels = 1 + random.nextInt(12);
        int[] divisors = java.util.stream.IntStream.rangeClosed(1, channels).filter(g -> channels % g == 0).toArray();
        int groups = divisors[random.nextInt(divisors.length)];
        ParameterSharing.ChannelLayout layout = random.nextBoolean()
                ? ParameterSharing.ChannelLayout.CHANNELS_FIRST : ParameterSharing.ChannelLayout.CHANNELS_LAST;
        ParameterSharing sharing = switch (random.nextInt(3)) {
            case 0 -> ParameterSharing.layer();
            case 1 -> ParameterSharing.perChannel(channels, layout);
            default -> ParameterSharing.grouped(channels, groups, layout);
        };
        int outer = 1 + random.nextInt(random.nextInt(4) == 0 ? 600 : 9);
        int inner = sharing.mode() != ParameterSharing.Mode.LAYER && layout == ParameterSharing.ChannelLayout.CHANNELS_FIRST
                ? 1 + random.nextInt(40) : 1;
        int length = outer * sharing.channels() * inner;
        KernelShape shape = KernelShape.of(spec, sharing, length, inner);
        float[] params = EraProblem.drawParams(spec, shape.sets(), random, 5);
        float[] x = EraProblem.drawInputs(random, length, 4);
        float[] dy = EraProblem.drawInputs(random, length, 1);
        float[] y = new float[length];
        float[] dx = new float[length];
        int p = spec.parameterCount();
        float[] dParams = new float[shape.sets() * p];
        Arrays.fill(dParams, -0.5f);
        backend.forward(spec, sharing, params, 0, x, 0, y, 0, length, inner);
        backend.backward(spec, sharing, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, length, inner);
        String where = spec + " " + sharing + " length=" + length + " inner=" + inner;
        for (int s = 0; s < shape.sets(); s++) {
            int set = s;
            float[] setParams = Arrays.copyOfRange(params, s * p, (s + 1) * p);
            int m = shape.perSet();
            float[] xs = new float[m];
            float[] dys = new float[m];
            float[] ys = new float[m];
            float[] dxs = new float[m];
            for (int k = 0; k < m; k++) {
                int i = shape.elementOf(s, k);
                require(shape.setOf(i) == set, () -> "index map disagrees with set map at " + where);
                xs[k] = x[i];
                dys[k] = dy[i];
                ys[k] = y[i];
                dxs[k] = dx[i];
            }
            EraAccuracy.Measurement f = EraAccuracy.forwardError(spec, setParams, xs, ys);
            require(f.passed(), () -> "set " + set + " forward " + f + " for " + where);
            float[] initial = new float[p];
            Arrays.fill(initial, -0.5f);
            EraAccuracy.BackwardMeasurement b = EraAccuracy.backwardError(spec, setParams, xs, dys, dxs,
                    Arrays.copyOfRange(dParams, s * p, (s + 1) * p), initial);
            require(b.passed(), () -> "set " + set + " backward " + b + " for " + where);
        }
    }

    private void deterministic(Random random) {
        EraProblem c = EraProblem.draw(random);
        int n = c.x().length;
        float[] first = new float[n];
        float[] second = new float[n];
        float[] g1 = new float[c.spec().parameterCount()];
        float[] g2 = new float[c.spec().parameterCount()];
        backend.backward(c.spec(), c.params(), 0, c.x(), 0, c.dy(), 0, first, 0, g1, 0, n);
        backend.backward(c.spec(), c.params(), 0, c.x(), 0, c.dy(), 0, second, 0, g2, 0, n);
        requireEqual(first, second, "dx of two identical runs");
        requireEqual(g1, g2, "parameter gradients of two identical runs");
    }

    /**
     * A FIRST_EXECUTION/persisted plan runs three times on data written once; the Vector API
     * backend then reads the plan's own FloatArray segments (no copies) and both must be within
     * bounds of the reference.
     */
    private void residentPlan(Random random) {
        EraSpec spec = new EraSpec(1 + random.nextInt(EraSpec.MAX_FRACTIONS), EraSpec.DEFAULT_EPS);
        int length = 1 + random.nextInt(20000);
        float[] params = EraProblem.drawParams(spec, random, 5);
        float[] xs = EraProblem.drawInputs(random, length, 4);
        float[] dys = EraProblem.drawInputs(random, length, 1);
        try (EraPlan plan = new EraPlan(backend.device(), length, 1, EraPlan.Residency.DEVICE_RESIDENT)) {
            plan.load(spec.eps(), KernelShape.of(spec, ParameterSharing.layer(), length, 1), params, 0);
            MemorySegment.copy(xs, 0, plan.x(), ValueLayout.JAVA_FLOAT, 0, length);
            MemorySegment.copy(dys, 0, plan.dy(), ValueLayout.JAVA_FLOAT, 0, length);
            for (int run = 0; run < 3; run++) {
                plan.runForward();
                plan.runBackward();
            }
            plan.fetchForward();
            plan.fetchBackward();
            float[] y = plan.y().asSlice(0, 4L * length).toArray(ValueLayout.JAVA_FLOAT);
            EraAccuracy.Measurement device = EraAccuracy.forwardError(spec, params, xs, y);
            require(device.passed(), () -> "resident forward " + device);
            float[] gradients = plan.gradients().asSlice(0, 4L * spec.parameterCount()).toArray(ValueLayout.JAVA_FLOAT);
            float[] dx = plan.dx().asSlice(0, 4L * length).toArray(ValueLayout.JAVA_FLOAT);
            EraAccuracy.BackwardMeasurement b = EraAccuracy.backwardError(spec, params, xs, dys, dx, gradients,
                    new float[spec.parameterCount()]);
            require(b.passed(), () -> "resident backward " + b);
            // The Vector API path on the very same off-heap memory: x() in, y() out.
            EraBackend cpu = VectorEraBackend.INSTANCE;
            cpu.forward(spec, params, 0, plan.x(), 0, plan.y(), 0, length);
            float[] yCpu = plan.y().asSlice(0, 4L * length).toArray(ValueLayout.JAVA_FLOAT);
            EraAccuracy.Measurement host = EraAccuracy.forwardError(spec, params, xs, yCpu);
            require(host.passed(), () -> "vector API on FloatArray segments " + host);
        }
    }

    private void nanAndInfinity() {
        EraSpec spec = EraSpec.of(2);
        float[] params = {0.5f, 0.1f, 1f, 0.2f, 0.3f, 0.7f, -0.4f, 0.6f, -1.1f, 0.9f};
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f * i - 1.5f;
        }
        x[3] = Float.NaN;
        x[20] = Float.POSITIVE_INFINITY;
        x[36] = Float.NEGATIVE_INFINITY;
        float[] y = new float[x.length];
        backend.forward(spec, params, 0, x, 0, y, 0, x.length);
        float[] dy = new float[x.length];
        Arrays.fill(dy, 1f);
        float[] dx = new float[x.length];
        float[] dParams = new float[spec.parameterCount()];
        backend.backward(spec, params, 0, x, 0, dy, 0, dx, 0, dParams, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            boolean special = i == 3 || i == 20 || i == 36;
            int at = i;
            require(special == Float.isNaN(y[i]), () -> "y[" + at + "]=" + y[at] + " for x=" + x[at]);
            require(special == Float.isNaN(dx[i]), () -> "dx[" + at + "]=" + dx[at] + " for x=" + x[at]);
        }
        require(Float.isNaN(dParams[0]), () -> "a's gradient sums x*dy and must be NaN when an input is");
    }

    private void badInput() {
        EraSpec spec = EraSpec.of(1);
        float[] p = new float[6];
        float[] x = new float[10];
        float[] y = new float[10];
        float[] dParams = new float[6];
        EraBackend b = backend;
        List<String> problems = new ArrayList<>();
        expect(problems, "parameters", () -> b.forward(spec, new float[5], 0, x, 0, y, 0, 10));
        expect(problems, "x", () -> b.forward(spec, p, 0, x, 1, y, 0, 10));
        expect(problems, "y", () -> b.forward(spec, p, 0, x, 0, new float[9], 0, 10));
        expect(problems, "length", () -> b.forward(spec, p, 0, x, 0, y, 0, -1));
        expect(problems, "overlaps", () -> b.forward(spec, p, 0, x, 0, x, 1, 9));
        expect(problems, "null", () -> b.forward(spec, p, 0, null, 0, y, 0, 1));
        expect(problems, "parameters", () -> b.backward(spec, p, 0, x, 0, y, 0, y, 0, new float[3], 0, 10));
        expect(problems, "dx", () -> b.backward(spec, p, 0, x, 0, y, 0, new float[4], 0, dParams, 0, 10));
        expect(problems, "overlaps", () -> b.backward(spec, p, 0, x, 0, y, 0, x, 2, dParams, 0, 8));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(40);
            expect(problems, "segment", () -> b.forward(spec, p, 0, s, 0, s, 0, 11));
            expect(problems, "overlaps", () -> b.forward(spec, p, 0, s, 0, s, 1, 9));
        }
        expect(problems, "channels", () -> backend.forward(spec, ParameterSharing.perChannel(3,
                ParameterSharing.ChannelLayout.CHANNELS_LAST), new float[18], 0, x, 0, y, 0, 10, 1));
        require(problems.isEmpty(), () -> String.join("; ", problems));
    }

    /** The registry, end to end: under the SDK the service entry must give a working TornadoEraBackend. */
    private static void registryLookup() {
        EraBackendProvider provider = EraBackends.find("tornado")
                .orElseThrow(() -> new AssertionError("no 'tornado' provider; the registry has " + EraBackends.names()));
        require(provider instanceof TornadoBackendProvider, () -> "'tornado' is provided by " + provider.getClass());
        EraBackendProvider.Availability availability = provider.availability();
        require(availability.available(), () -> "tornado reports itself unavailable under the SDK: " + availability.reason());
        require(EraBackends.names().contains("tornado[:DEVICE]"), () -> "EraBackends.names() = " + EraBackends.names());
        try (EraBackend found = EraBackends.open("tornado")) {
            require(found instanceof TornadoEraBackend, () -> "EraBackends.open(\"tornado\") gave " + found);
            requireAccurateForward(found, "EraBackends.open(\"tornado\")");
        }
    }

    /** A selector after the colon reaches {@link TornadoDevices#select}; a wrong one is an IllegalArgumentException. */
    private static void registrySelector(String selector) {
        try (EraBackend found = EraBackends.open("tornado:" + selector)) {
            require(found instanceof TornadoEraBackend, () -> "EraBackends.open(\"tornado:" + selector + "\") gave " + found);
            requireAccurateForward(found, "tornado:" + selector);
        }
        try (EraBackend none = EraBackends.open("tornado:99:99")) {
            throw new AssertionError("tornado:99:99 opened " + none);
        } catch (IllegalArgumentException e) {
            require(e.getMessage().contains("no TornadoVM device 99:99"), () -> "message for tornado:99:99: " + e.getMessage());
        }
    }

    private static void requireAccurateForward(EraBackend backend, String what) {
        EraSpec spec = EraSpec.of(3);
        float[] params = EraProblem.drawParams(spec, new Random(3), 2);
        float[] x = EraProblem.drawInputs(new Random(4), 100, 3);
        EraAccuracy.Measurement m = EraAccuracy.forward(backend, spec, params, x);
        require(m.passed(), () -> "forward through " + what + ": " + m);
    }

    private static void expect(List<String> problems, String fragment, Runnable call) {
        try {
            call.run();
            problems.add("no exception where the message should mention '" + fragment + "'");
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains(fragment)) {
                problems.add("message '" + e.getMessage() + "' should mention '" + fragment + "'");
            }
        }
    }

    private static void untouchedOutside(float[] buffer, int offset, int length) {
        for (int i = 0; i < buffer.length; i++) {
            if (i < offset || i >= offset + length) {
                int at = i;
                require(Float.isNaN(buffer[i]), () -> "element " + at + " outside [" + offset + ", " + (offset + length)
                        + ") was written");
            }
        }
    }
}
