package org.seqtasks.model.layers;

import java.nio.Buffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise arithmetic a recurrent cell needs, over runs of a primitive array ({@code float[]} or
 * {@code double[]}). Each cell's equations are written once against these operations; the precision and the
 * use of SIMD live here. Every operation reads and writes {@code n} consecutive elements from the given offsets;
 * an output may be one of the inputs.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
abstract class Lanes<A> {

    /** The lanes for a network's data type: vectorised floats when the Vector API is present, else scalar. */
    static Lanes<?> forType(DataType type) {
        if (type == DataType.DOUBLE) {
            return ScalarDoubleLanes.INSTANCE;
        }
        if (type != DataType.FLOAT) {
            throw new IllegalArgumentException("fast recurrent layers support FLOAT and DOUBLE networks, not " + type);
        }
        return VectorSupport.floatLanes();
    }

    abstract A alloc(int n);

    /** The array's whole data buffer as an NIO buffer of A's element type (offsets below are in elements). */
    abstract Buffer nio(INDArray array);

    /** Copies {@code n} elements from a dense buffer (float or double, matching A) at element {@code from}. */
    abstract void load(Buffer src, long from, A dst, int dstOff, int n);

    abstract void store(A src, int srcOff, Buffer dst, long to, int n);

    abstract void fill(A a, int off, int n, double value);

    abstract void copy(A src, int srcOff, A dst, int dstOff, int n);

    /** out = sigmoid(x + y + b); {@code y} may be null. */
    abstract void sigmoid(A x, int xo, A y, int yo, A b, int bo, A out, int oo, int n);

    /** out = tanh(x + y + b); {@code y} and {@code b} may be null. */
    abstract void tanh(A x, int xo, A y, int yo, A b, int bo, A out, int oo, int n);

    /** out = tanh(x + b + r * (y + c)), and yc = y + c kept for the backward pass (GRU's reset-after candidate). */
    abstract void tanhResetAfter(
            A x, int xo, A b, int bo, A r, int ro, A y, int yo, A c, int co, A yc, int yco, A out, int oo, int n);

    /** out = a * b. */
    abstract void mul(A a, int ao, A b, int bo, A out, int oo, int n);

    /** out = a * b + c * d. */
    abstract void mulAdd(A a, int ao, A b, int bo, A c, int co, A d, int dO, A out, int oo, int n);

    /** out = a + z * (b - a): GRU's blend of candidate {@code a} and previous state {@code b} by the update gate. */
    abstract void lerp(A a, int ao, A b, int bo, A z, int zo, A out, int oo, int n);

    /** out = a * b * y * (1 - y): the sigmoid's derivative at output y, times a * b ({@code b} may be null). */
    abstract void sigmoidGrad(A a, int ao, A b, int bo, A y, int yo, A out, int oo, int n);

    /** out = a * b * (1 - y^2) + add: the tanh derivative at output y, times a * b ({@code b}, {@code add} may be null). */
    abstract void tanhGrad(A a, int ao, A b, int bo, A y, int yo, A add, int addO, A out, int oo, int n);

    /** out = a * (b - c) ({@code GRU}: the update gate's gradient before its sigmoid derivative). */
    abstract void mulDiff(A a, int ao, A b, int bo, A c, int co, A out, int oo, int n);

    /** out = a - b. */
    abstract void sub(A a, int ao, A b, int bo, A out, int oo, int n);

    /** a *= s. */
    abstract void scale(A a, int off, int n, double s);

    /** acc += s * x. */
    abstract void axpy(double s, A x, int xo, A acc, int acco, int n);

    /** acc += x. */
    abstract void addTo(A x, int xo, A acc, int acco, int n);
}
