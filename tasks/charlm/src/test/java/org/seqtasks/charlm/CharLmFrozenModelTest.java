package org.seqtasks.charlm;

import static org.seqtasks.testing.FrozenModel.number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.eval.LanguageModelMetrics;
import org.seqtasks.testing.FrozenModel;

/**
 * A charlm model saved on 2026-12-01 must keep loading and give the same figures and samples (see {@link FrozenModel};
 * refreeze: {@code -Dtest=CharLmFrozenModelTest -Dseqtasks.refreeze=true}). {@link #freeze} is how it was made: a
 * one-layer LSTM of 8 units, five epochs on the embedded play.
 */
class CharLmFrozenModelTest {
    private static final String PROBE = "the keeper lit the lamp at the top of the stair, and the sea was loud.\n";

    @TempDir
    Path dir;

    private Path freeze() {
        Path out = dir.resolve("frozen");
        CharLmMain.run(
                "train",
                "--cell",
                "lstm",
                "--hidden",
                "8",
                "--layers",
                "1",
                "--seq-length",
                "20",
                "--epochs",
                "5",
                "--seed",
                "11",
                "--sample-length",
                "5",
                "--progress",
                "off",
                "--out",
                out.toString());
        return out.resolve("model.zip");
    }

    @Test
    void theFrozenModelStillLoadsAndGivesTheSameFiguresAndSamples() {
        FrozenModel frozen = new FrozenModel("charlm");
        CharLmModel model = CharLmModel.load(frozen.model(this::freeze));
        CharLmModel.Spec spec = model.spec();
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + spec.rnn().cell().id() + " hidden " + spec.rnn().hidden() + " layers "
                + spec.rnn().layers() + " window " + spec.seqLength() + " vocabulary "
                + model.vocabulary().size() + " parameters " + model.parameterCount());
        LanguageModelMetrics m = model.evaluate(PROBE, 2);
        outputs.add(
                "probe nll " + number(m.nll()) + " accuracy " + number(m.accuracy()) + " characters " + m.characters());
        outputs.add("greedy [" + escaped(model.sample("KEEPER:\n", 40, 0, 1)) + "]");
        outputs.add("sampled [" + escaped(model.sample("the ", 40, 1.0, 5)) + "]");
        frozen.assertSameOutputs(outputs);
    }

    /** One line per output: a sample's newlines and tabs written out (and brackets around it keep its spaces off the line's ends). */
    private static String escaped(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t");
    }
}
