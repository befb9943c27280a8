package org.seqtasks.train;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Scales a network's learning rates in place, in the updater configurations its updater steps with.
 *
 * <p>Why not DL4J's {@code setLearningRate(layer, lr)}: every call rebuilds the network's whole updater and copies its
 * state across, once per layer; for the 4.8M-parameter translator that made an annealed run's last fifth train at half
 * speed (a call per 1% of the rate). It also reaches layers only, not a graph vertex's parameters (the attention
 * vertex's), so their rate never moved. Scaling every rate by one factor keeps equal configurations equal, so the
 * updater's grouping of parameters into blocks stays valid without a rebuild.
 */
final class LearningRates {
    private LearningRates() {}

    /** Multiplies every parameter's learning rate by {@code factor}: its own configuration and its block's. */
    static void scale(BaseMultiLayerUpdater<?> updater, double factor) {
        Set<IUpdater> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            if (block.getGradientUpdater() != null) {
                scale(block.getGradientUpdater().getConfig(), factor, seen);
            }
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                scale(p.getLayer().getConfig().getUpdaterByParam(p.getParamName()), factor, seen);
            }
        }
    }

    /** The recipes' rates are constants (no schedules); {@code seen} keeps a configuration shared by several from being scaled twice. */
    private static void scale(IUpdater config, double factor, Set<IUpdater> seen) {
        if (config != null && config.hasLearningRate() && seen.add(config)) {
            config.setLrAndSchedule(config.getLearningRate(0, 0) * factor, null);
        }
    }
}
