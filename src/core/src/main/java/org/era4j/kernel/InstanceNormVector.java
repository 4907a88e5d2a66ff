package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API loops of {@link InstanceNormKernel}; loaded only when {@link VectorSupport#enabled()}. */
final class InstanceNormVector {

    static final VectorSpecies<Float> SPECIES = VectorSupport.Species.FLOAT;

    private InstanceNormVector() {
    }

    static void normalize(float[] x, int xFrom, float[] y, int yFrom, int count, float mean, float inv, float scale,
                          float shift, boolean rectify) {
        int i = 0;
        int bound = SPECIES.loopBound(count);
        FloatVector zero = FloatVector.zero(SPECIES);
        if (rectify) {
            for (; i < bound; i += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, xFrom + i).sub(mean).mul(inv).mul(scale).add(shift);
                v.blend(zero, v.compare(VectorOperators.LT, 0f)).intoArray(y, yFrom + i);
            }
        } else {
            for (; i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, x, xFrom + i).sub(mean).mul(inv).mul(scale).add(shift).intoArray(y, yFrom + i);
            }
        }
        InstanceNormKernel.normalizeScalar(x, xFrom, y, yFrom, i, count, mean, inv, scale, shift, rectify);
    }

    static void rectifiedGradient(float[] g, float[] x, float[] out, int from, int to, float mean, float inv,
                                  float scale, float shift) {
        int i = from;
        int bound = from + SPECIES.loopBound(to - from);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector y = FloatVector.fromArray(SPECIES, x, i).sub(mean).mul(inv).mul(scale).add(shift);
            FloatVector pass = zero.blend(FloatVector.fromArray(SPECIES, g, i), y.compare(VectorOperators.GT, 0f));
            zero.add(pass).intoArray(out, i);
        }
        InstanceNormKernel.rectifiedGradientScalar(g, x, out, i, to, mean, inv, scale, shift);
    }

    static void inputGradient(float[] g, float[] x, float[] gx, int from, int to, float mean, float inv,
                              float gain, float meanG, float meanGxhat) {
        int i = from;
        int bound = from + SPECIES.loopBound(to - from);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector xhat = FloatVector.fromArray(SPECIES, x, i).sub(mean).mul(inv);
            FloatVector.fromArray(SPECIES, g, i).sub(meanG).sub(xhat.mul(meanGxhat)).mul(gain).intoArray(gx, i);
        }
        InstanceNormKernel.inputGradientScalar(g, x, gx, i, to, mean, inv, gain, meanG, meanGxhat);
    }
}
