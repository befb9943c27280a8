package org.seqtasks.model.layers;

/**
 * Whether the gate arithmetic runs on {@code jdk.incubator.vector} (SIMD: about ten times faster for the
 * sigmoids and tanhs, measured in the fused-layer probe) or on plain loops. The module must be added to the
 * JVM ({@code --add-modules jdk.incubator.vector}: the launcher, the tests and the notebook kernel do);
 * {@code -Dseqtasks.vector=false} forces the plain loops.
 */
public final class VectorSupport {
    private static final Lanes<float[]> FLOAT_LANES = chooseFloatLanes();

    private VectorSupport() {}

    /** True when the float gate loops are vectorised in this JVM. */
    public static boolean vectorised() {
        return !(FLOAT_LANES.getClass() == ScalarFloatLanes.class);
    }

    static Lanes<float[]> floatLanes() {
        return FLOAT_LANES;
    }

    @SuppressWarnings("unchecked")
    private static Lanes<float[]> chooseFloatLanes() {
        boolean wanted = Boolean.parseBoolean(System.getProperty("seqtasks.vector", "true"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Lanes<float[]>) Class.forName("org.seqtasks.model.layers.VectorFloatLanes")
                        .getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return ScalarFloatLanes.INSTANCE;
            }
        }
        return ScalarFloatLanes.INSTANCE;
    }
}
