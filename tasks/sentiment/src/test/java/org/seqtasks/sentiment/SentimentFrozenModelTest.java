package org.seqtasks.sentiment;

import static org.seqtasks.testing.FrozenModel.number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.testing.FrozenModel;

/**
 * A sentiment model saved on 2026-12-01 must keep loading ({@code SentimentModel.Spec} promises to read older models) and
 * give the same probabilities (see {@link FrozenModel}; refreeze: {@code -Dtest=SentimentFrozenModelTest
 * -Dseqtasks.refreeze=true}). {@link #freeze} is how it was made: an LSTM of 8 units over 8-wide embeddings, two epochs
 * on the embedded reviews.
 */
class SentimentFrozenModelTest {
    private static final List<String> PROBES = List.of(
            "a gripping , beautifully acted film",
            "dull , lifeless and far too long .",
            "the plot is thin but the cast is wonderful",
            "zyzzyva");

    @TempDir
    Path dir;

    private Path freeze() {
        Path out = dir.resolve("frozen");
        SentimentMain.run(
                "train",
                "--cell",
                "lstm",
                "--hidden",
                "8",
                "--embedding",
                "8",
                "--epochs",
                "2",
                "--seed",
                "11",
                "--progress",
                "off",
                "--out",
                out.toString());
        return out.resolve("model.zip");
    }

    @Test
    void theFrozenModelStillLoadsAndGivesTheSameProbabilities() {
        FrozenModel frozen = new FrozenModel("sentiment");
        SentimentModel model = SentimentModel.load(frozen.model(this::freeze));
        SentimentModel.Spec spec = model.spec();
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + spec.rnn().cell().id() + " hidden " + spec.rnn().hidden() + " embedding "
                + spec.embedding() + " pooling " + spec.pooling() + " vocabulary "
                + model.vocabulary().size() + " parameters " + model.parameterCount());
        double[][] p =
                model.probabilities(PROBES.stream().map(WordTokenizer::tokenize).toList(), 2);
        for (int i = 0; i < PROBES.size(); i++) {
            outputs.add("P(positive) " + number(p[i][1]) + " P(negative) " + number(p[i][0]) + " for " + PROBES.get(i));
        }
        frozen.assertSameOutputs(outputs);
    }
}
