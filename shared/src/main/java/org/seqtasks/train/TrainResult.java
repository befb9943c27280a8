package org.seqtasks.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param iterations        minibatches fitted
 * @param epochs            epochs completed, fractional when a budget stopped mid-epoch
 * @param trainSeconds      time inside fit and data loading (validation and checkpoints excluded)
 * @param units             predicted units seen (chars, tokens, sentences)
 * @param dataWaitSeconds   time the training loop waited for the next batch
 * @param validationSeconds time spent measuring the validations
 * @param checkpointSeconds time spent writing the best model and the resume checkpoints
 * @param bestValidationLoss validation loss (mean per unit) of the kept weights: the lowest, or for a
 *                          {@link Trainer.Validation#byError} validation the loss at the lowest error
 * @param stopReason        why it stopped
 * @param curve             every validation point
 */
public record TrainResult(
        long iterations,
        double epochs,
        double trainSeconds,
        long units,
        double dataWaitSeconds,
        double validationSeconds,
        double checkpointSeconds,
        double bestValidationLoss,
        StopReason stopReason,
        List<CurvePoint> curve) {
    public enum StopReason {
        EPOCHS,
        TIME_BUDGET,
        EARLY_STOP,
        INTERRUPTED
    }

    public double unitsPerSecond() {
        return trainSeconds > 0 ? units / trainSeconds : 0;
    }
}
