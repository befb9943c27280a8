package org.seqtasks.exercises;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** cs231n's two checking tools, in double precision. */
final class GradientCheck {
    private GradientCheck() {}

    /** max |a - b| / max(1e-8, |a| + |b|), element-wise. */
    static double relError(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape()) && a.length() != b.length()) {
            throw new AssertionError("shapes differ: " + java.util.Arrays.toString(a.shape()) + " and "
                    + java.util.Arrays.toString(b.shape()));
        }
        INDArray bb = b.reshape(a.shape());
        INDArray scale = Transforms.max(Transforms.abs(a).add(Transforms.abs(bb)), 1e-8);
        return Transforms.abs(a.sub(bb)).div(scale).maxNumber().doubleValue();
    }

    /** Central differences of f for every entry of p, which f reads. */
    static INDArray numericGradient(DoubleSupplier f, INDArray p) {
        double e = 1e-5;
        // a linear index follows the array's own ordering, and DL4J's parameter views are 'f'-ordered: g must share p's
        INDArray g = Nd4j.create(p.dataType(), p.shape(), p.ordering());
        for (long i = 0; i < p.length(); i++) {
            double old = p.getDouble(i);
            p.putScalar(i, old + e);
            double plus = f.getAsDouble();
            p.putScalar(i, old - e);
            double minus = f.getAsDouble();
            p.putScalar(i, old);
            g.putScalar(i, (plus - minus) / (2 * e));
        }
        return g;
    }
}
