package org.seqtasks.compare;

import org.seqtasks.model.Cell;

/**
 * The sizes of the five experiments in each {@link Mode}, with the seconds each is expected to take on
 * an idle 2-core machine (for the progress estimate).
 */
record ExperimentPlan(
        int gradientSteps,
        int gradientHidden,
        int gradientBatch,
        double gradientSeconds,
        LongTermDependencyExperiment.Setup recall,
        double recallSeconds,
        int truncationHidden,
        int truncationWindow,
        int[] tbptts,
        double truncationMinutes,
        NonLinearityExperiment.Setup nonLinearity,
        double nonLinearitySeconds,
        int unitsCharacters,
        int renderLength,
        double unitsSeconds) {

    static ExperimentPlan of(Mode mode) {
        return switch (mode) {
            case TINY ->
                new ExperimentPlan(
                        12,
                        4,
                        4,
                        1,
                        new LongTermDependencyExperiment.Setup(new int[] {2, 4}, 4, 4, 8, 5, 16, 0.01, 64),
                        2,
                        16,
                        50,
                        new int[] {10, 50},
                        0.03,
                        new NonLinearityExperiment.Setup(2, 4, 3, 3, 5, 16, 0.01, 64),
                        2,
                        400,
                        200,
                        2);
            case QUICK ->
                new ExperimentPlan(
                        50,
                        32,
                        16,
                        5,
                        new LongTermDependencyExperiment.Setup(
                                new int[] {2, 4, 8, 16, 32, 64}, 4, 4, 32, 250, 32, 0.01, 500),
                        120,
                        128,
                        100,
                        new int[] {10, 25, 100},
                        0.12,
                        new NonLinearityExperiment.Setup(2, 16, 5, 5, 400, 32, 0.01, 1000),
                        15,
                        3000,
                        500,
                        5);
            case FULL ->
                new ExperimentPlan(
                        100,
                        64,
                        32,
                        20,
                        new LongTermDependencyExperiment.Setup(
                                new int[] {2, 5, 10, 20, 40, 80}, 4, 4, 64, 1500, 32, 0.01, 2000),
                        600,
                        256,
                        100,
                        new int[] {10, 25, 50, 100},
                        1.5,
                        new NonLinearityExperiment.Setup(2, 32, 5, 8, 2000, 32, 0.01, 2000),
                        120,
                        5000,
                        600,
                        20);
        };
    }

    double plannedSeconds() {
        return gradientSeconds
                + recallSeconds
                + Cell.values().length * tbptts.length * truncationMinutes * 60
                + nonLinearitySeconds
                + unitsSeconds;
    }
}
