package org.era4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API loop of {@link MaxPoolKernel}; loaded only when {@link VectorSupport#enabled()}. */
final class MaxPoolVector {

    static final VectorSpecies<Float> FLOATS = VectorSupport.Species.FLOAT;
    /** Same lane count as {@link #FLOATS}, for the argmax indices. */
    static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class).check(int.class);
    private static final int LANES = FLOATS.length();
    // lanes 2j and 2j + 1 of two consecutive vectors: the left and right columns of L windows
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(FLOATS, j -> 2 * j);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(FLOATS, j -> 2 * j + 1);
    private static final VectorShuffle<Integer> EVEN_INDEX = VectorShuffle.fromOp(INTS, j -> 2 * j);
    private static final VectorShuffle<Integer> ODD_INDEX = VectorShuffle.fromOp(INTS, j -> 2 * j + 1);
    private static final IntVector IOTA = IntVector.zero(INTS).addIndex(1);

    private MaxPoolVector() {
    }

    /** {@link MaxPoolKernel#pool2x2}: L outputs of one output row per step, the last step masked. */
    static void pool2x2(float[] x, int in, int width, int outHeight, int outWidth,
                        float[] y, int[] argmax, int out) {
        for (int oy = 0; oy < outHeight; oy++) {
            int top = in + 2 * oy * width;
            int o = out + oy * outWidth;
            for (int ox = 0; ox < outWidth; ox += LANES) {
                int outputs = Math.min(LANES, outWidth - ox);
                int column = top + 2 * ox;
                VectorMask<Float> first = FLOATS.indexInRange(0, 2 * outputs);
                VectorMask<Float> second = FLOATS.indexInRange(LANES, 2 * outputs);
                // top row against bottom row: the bottom wins only when strictly better
                FloatVector top0 = FloatVector.fromArray(FLOATS, x, column, first);
                FloatVector top1 = FloatVector.fromArray(FLOATS, x, column + LANES, second);
                FloatVector bottom0 = FloatVector.fromArray(FLOATS, x, column + width, first);
                FloatVector bottom1 = FloatVector.fromArray(FLOATS, x, column + width + LANES, second);
                VectorMask<Float> down0 = better(bottom0, top0);
                VectorMask<Float> down1 = better(bottom1, top1);
                IntVector index0 = IOTA.add(column);
                IntVector index1 = IOTA.add(column + LANES);
                FloatVector max0 = top0.blend(bottom0, down0);
                FloatVector max1 = top1.blend(bottom1, down1);
                index0 = index0.blend(index0.add(width), down0.cast(INTS));
                index1 = index1.blend(index1.add(width), down1.cast(INTS));
                // left column against right column: the right wins when strictly better, or when
                // equal and earlier in row-major order (top right before bottom left)
                FloatVector left = max0.rearrange(EVEN, max1);
                FloatVector right = max0.rearrange(ODD, max1);
                IntVector leftIndex = index0.rearrange(EVEN_INDEX, index1);
                IntVector rightIndex = index0.rearrange(ODD_INDEX, index1);
                VectorMask<Float> takeRight = better(right, left).or(better(left, right).not()
                        .and(rightIndex.compare(VectorOperators.LT, leftIndex).cast(FLOATS)));
                VectorMask<Float> store = FLOATS.indexInRange(0, outputs);
                left.blend(right, takeRight).intoArray(y, o + ox, store);
                leftIndex.blend(rightIndex, takeRight.cast(INTS)).intoArray(argmax, o + ox, store.cast(INTS));
            }
        }
    }

    /** {@link MaxPoolKernel#better} lane by lane. */
    private static VectorMask<Float> better(FloatVector v, FloatVector max) {
        return v.compare(VectorOperators.GT, max)
                .or(v.test(VectorOperators.IS_NAN).andNot(max.test(VectorOperators.IS_NAN)));
    }
}
