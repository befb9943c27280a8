package org.seqtasks.cli;

import org.seqtasks.model.RnnConfig;

/**
 * What a task trains with unless told otherwise: the network and the numbers of the training loop. Written with
 * names, {@code TrainRecipe.of(RnnConfig.of(cell, seed).hidden(256)).batch(32).epochs(50)}; every number can be
 * overridden by the shared train options ({@link TrainCommandOptions#trainOptions}).
 *
 * @param rnn              the network and its optimiser
 * @param batch            sequences per minibatch
 * @param epochs           passes over the training data (upper bound)
 * @param maxMinutes       wall-clock budget; 0 = none
 * @param epochsLiftBudget an explicit {@code --epochs} lifts {@code maxMinutes} (tasks whose default stopping rule
 *                         is the budget, so that {@code --epochs 2} means two epochs)
 * @param validateEvery    validate every N iterations; 0 = once per epoch
 * @param patience         early stop after N validations without improvement; 0 = never
 * @param keepBest         end with the best validation point's weights (false: the last epoch's, for a dev split
 *                         too small to choose by)
 * @param lrDecay          learning-rate factor after a validation without improvement; 1 = off
 * @param anneal           lower the learning rate over the last fifth of the budget ({@code --anneal}) when there is
 *                         one
 */
public record TrainRecipe(
        RnnConfig rnn,
        int batch,
        int epochs,
        double maxMinutes,
        boolean epochsLiftBudget,
        int validateEvery,
        int patience,
        boolean keepBest,
        double lrDecay,
        boolean anneal) {
    /**
     * Batch 32, 10 epochs, no budget, validation once per epoch, no early stop, the best weights kept, no decay, no
     * annealing.
     */
    public static TrainRecipe of(RnnConfig rnn) {
        return new TrainRecipe(rnn, 32, 10, 0, false, 0, 0, true, 1.0, false);
    }

    public TrainRecipe rnn(RnnConfig rnn) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe batch(int batch) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe epochs(int epochs) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    /** A budget that holds whatever {@code --epochs} says. */
    public TrainRecipe maxMinutes(double maxMinutes) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, false, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    /** A budget that is the default stopping rule: an explicit {@code --epochs} replaces it. */
    public TrainRecipe minutesUnlessEpochs(double maxMinutes) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, true, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe validateEvery(int validateEvery) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe patience(int patience) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe keepBest(boolean keepBest) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe lrDecay(double lrDecay) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }

    public TrainRecipe anneal(boolean anneal) {
        return new TrainRecipe(
                rnn, batch, epochs, maxMinutes, epochsLiftBudget, validateEvery, patience, keepBest, lrDecay, anneal);
    }
}
