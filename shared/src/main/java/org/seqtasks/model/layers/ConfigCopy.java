package org.seqtasks.model.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plumbing shared by the fast layer configurations. */
final class ConfigCopy {
    private ConfigCopy() {}

    /**
     * Copies every field of {@code from} into {@code to}, an instance of a subclass of {@code from}'s class (fields the
     * subclass adds keep their defaults). DL4J's layer builders are private, so a configured stock layer is the way to configure its
     * fast subclass with every option DL4J has (dropout, weight noise, constraints, updaters, initialisers).
     */
    static <S, T extends S> T into(S from, T to) {
        for (Class<?> c = from.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(to, f.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(
                            "cannot copy layer setting " + c.getSimpleName() + "." + f.getName(), e);
                }
            }
        }
        return to;
    }

    /** What DL4J's own {@code instantiate} does after creating the layer: listeners, index, parameter views. */
    static Layer wire(
            Layer layer,
            org.deeplearning4j.nn.conf.layers.Layer config,
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> table = config.initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }
}
