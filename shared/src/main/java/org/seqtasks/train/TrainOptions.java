package org.seqtasks.train;

import org.seqtasks.UserFacingException;

/**
 * When training stops and how often it is checked.
 *
 * @param epochs              passes over the training data (upper bound)
 * @param maxMinutes          wall-clock budget including validation; 0 = none
 * @param validateEvery       validate every this many iterations; 0 = at the end of each epoch only
 * @param patience            stop after this many validations without improvement; 0 = never
 * @param unit                what the throughput counts ("chars", "tokens", "sentences")
 * @param progressBar         draw a progress bar (interactive use); validation lines are printed unless {@code quiet}
 * @param keepBest            end with the weights of the best validation point (true), or the last weights (false:
 *                            for a validation set too small to choose by)
 * @param lrDecay             multiply the learning rate by this after each validation that does not improve on the
 *                            best (reduce on plateau: smaller steps once the big ones stop helping); 1 = never
 * @param quiet               print no line per validation: the caller's validation prints its own (the lecture labs)
 * @param anneal              keep the learning rate until the last fifth of {@code maxMinutes}, then lower it linearly to
 *                            1% at the end: with a fixed budget, a cooldown to zero gives a lower final loss than a
 *                            constant rate; needs a budget
 */
public record TrainOptions(
        int epochs,
        double maxMinutes,
        int validateEvery,
        int patience,
        String unit,
        boolean progressBar,
        boolean keepBest,
        double lrDecay,
        boolean quiet,
        boolean anneal) {
    public TrainOptions(
            int epochs, double maxMinutes, int validateEvery, int patience, String unit, boolean progressBar) {
        this(epochs, maxMinutes, validateEvery, patience, unit, progressBar, true, 1.0);
    }

    public TrainOptions(
            int epochs,
            double maxMinutes,
            int validateEvery,
            int patience,
            String unit,
            boolean progressBar,
            boolean keepBest) {
        this(epochs, maxMinutes, validateEvery, patience, unit, progressBar, keepBest, 1.0);
    }

    public TrainOptions(
            int epochs,
            double maxMinutes,
            int validateEvery,
            int patience,
            String unit,
            boolean progressBar,
            boolean keepBest,
            double lrDecay) {
        this(epochs, maxMinutes, validateEvery, patience, unit, progressBar, keepBest, lrDecay, false, false);
    }

    public TrainOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (maxMinutes < 0 || validateEvery < 0 || patience < 0) {
            throw new IllegalArgumentException("max minutes, validation interval and patience must be >= 0");
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new UserFacingException("--lr-decay must be in (0, 1] (1 = off), got " + lrDecay);
        }
        if (anneal && maxMinutes <= 0) {
            throw new UserFacingException("--anneal lowers the learning rate over the time budget: give --max-minutes");
        }
    }

    /** The same options without the line per validation. */
    public TrainOptions quietly() {
        return new TrainOptions(
                epochs, maxMinutes, validateEvery, patience, unit, progressBar, keepBest, lrDecay, true, anneal);
    }

    /** The same options, validating every {@code validateEvery} iterations. */
    public TrainOptions validatingEvery(int validateEvery) {
        return new TrainOptions(
                epochs, maxMinutes, validateEvery, patience, unit, progressBar, keepBest, lrDecay, quiet, anneal);
    }

    /** The same options, annealing the learning rate over the budget or not. */
    public TrainOptions annealing(boolean anneal) {
        return new TrainOptions(
                epochs, maxMinutes, validateEvery, patience, unit, progressBar, keepBest, lrDecay, quiet, anneal);
    }
}
