package org.seqtasks.train;

import java.util.Locale;

/** One validation point of a learning curve: losses are means per predicted unit (nats). */
public record CurvePoint(
        long iteration, double epoch, double seconds, double trainLoss, double validationLoss, double unitsPerSecond) {
    public static final String CSV_HEADER = "iteration,epoch,seconds,train_loss,val_loss,units_per_sec";

    public String csv() {
        return String.format(
                Locale.ROOT,
                "%d,%.4f,%.2f,%.5f,%.5f,%.1f",
                iteration,
                epoch,
                seconds,
                trainLoss,
                validationLoss,
                unitsPerSecond);
    }
}
