package org.seqtasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.train.TrainOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A recipe names every number, and the shared train options override exactly the numbers they were given. */
class TrainRecipeTest {
    @Command(name = "train")
    static final class Train {
        @Mixin
        TrainCommandOptions options;
    }

    private static TrainCommandOptions parse(String... args) {
        Train train = new Train();
        new CommandLine(train).parseArgs(args);
        return train.options;
    }

    private static final TrainRecipe RECIPE = TrainRecipe.of(RnnConfig.of(Cell.LSTM, 1)
                    .hidden(256)
                    .layers(2)
                    .tbptt(50)
                    .clip(5)
                    .learningRate(2e-3)
                    .dropout(0.5))
            .batch(16)
            .epochs(20)
            .maxMinutes(1.0)
            .validateEvery(200)
            .patience(3)
            .keepBest(false)
            .lrDecay(0.5);

    @Test
    void eachWitherSetsItsOwnNumberAndNothingElse() {
        RnnConfig rnn = RnnConfig.of(Cell.GRU, 9);
        assertEquals(
                new RnnConfig(
                        Cell.GRU, RnnConfig.DEFAULT_HIDDEN, 1, false, 0, 0, RnnConfig.DEFAULT_LEARNING_RATE, 0, 0, 9),
                rnn);
        assertEquals(
                new RnnConfig(Cell.GRU, 256, 2, true, 50, 5, 2e-3, 0.5, 1e-4, 3),
                rnn.hidden(256)
                        .layers(2)
                        .bidirectional(true)
                        .tbptt(50)
                        .clip(5)
                        .learningRate(2e-3)
                        .dropout(0.5)
                        .l2(1e-4)
                        .seed(3));
        assertEquals(Cell.RNN, rnn.cell(Cell.RNN).cell());
        assertThrows(IllegalArgumentException.class, () -> rnn.dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> rnn.hidden(0));
    }

    @Test
    void withoutOptionsTheRecipeIsWhatTrains() {
        TrainCommandOptions options = parse("--cell", "rnn", "--seed", "7");
        assertEquals(
                RECIPE.rnn().cell(Cell.RNN).seed(7), options.config(RECIPE), "cell and seed are always the options'");
        assertEquals(16, options.batch(RECIPE));
        TrainOptions t = options.trainOptions(RECIPE, "chars");
        assertEquals(new TrainOptions(20, 1.0, 200, 3, "chars", options.progressBar(), false, 0.5), t);
    }

    @Test
    void givenOptionsWinNumberByNumber() {
        TrainCommandOptions options = parse(
                "--hidden",
                "64",
                "--dropout",
                "0",
                "--batch",
                "4",
                "--epochs",
                "3",
                "--patience",
                "1",
                "--lr-decay",
                "1",
                "--validate-every",
                "0");
        RnnConfig rnn = options.config(RECIPE);
        assertEquals(RECIPE.rnn().hidden(64).dropout(0).seed(42), rnn);
        assertEquals(4, options.batch(RECIPE));
        assertEquals(
                new TrainOptions(3, 1.0, 0, 1, "chars", options.progressBar(), false, 1.0),
                options.trainOptions(RECIPE, "chars"),
                "a budget given with maxMinutes holds whatever --epochs says");
    }

    @Test
    void aBudgetThatIsTheDefaultStoppingRuleGivesWayToEpochs() {
        TrainRecipe timed =
                TrainRecipe.of(RnnConfig.of(Cell.LSTM, 1)).epochs(1000).minutesUnlessEpochs(3);
        assertEquals(3.0, parse().trainOptions(timed, "words").maxMinutes());
        assertEquals(1000, parse().trainOptions(timed, "words").epochs());
        assertEquals(
                0.0, parse("--epochs", "2").trainOptions(timed, "words").maxMinutes(), "--epochs 2 means two epochs");
        assertEquals(
                0.5,
                parse("--epochs", "2", "--max-minutes", "0.5")
                        .trainOptions(timed, "words")
                        .maxMinutes());
    }

    @Test
    void aRecipesAnnealingHoldsForItsBudgetAndGivesWayToTheOptions() {
        TrainRecipe annealed = TrainRecipe.of(RnnConfig.of(Cell.LSTM, 1))
                .epochs(1000)
                .minutesUnlessEpochs(10)
                .anneal(true);
        assertEquals(true, parse().trainOptions(annealed, "tokens").anneal());
        assertEquals(
                false, parse("--no-anneal").trainOptions(annealed, "tokens").anneal());
        assertEquals(
                false,
                parse("--epochs", "2").trainOptions(annealed, "tokens").anneal(),
                "two epochs have no budget to anneal over, and asking for none is no error");
        assertEquals(false, parse().trainOptions(RECIPE, "chars").anneal(), "recipes do not anneal unless they say so");
        assertEquals(true, parse("--anneal").trainOptions(RECIPE, "chars").anneal());
        assertThrows(
                RuntimeException.class,
                () -> parse("--anneal", "--epochs", "2").trainOptions(annealed, "tokens"),
                "asked for, annealing still needs a budget");
    }
}
