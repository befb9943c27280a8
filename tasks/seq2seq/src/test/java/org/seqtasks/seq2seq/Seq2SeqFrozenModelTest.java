package org.seqtasks.seq2seq;

import static org.seqtasks.testing.FrozenModel.number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.testing.FrozenModel;

/**
 * A translator saved on 2026-12-01 must keep loading and give the same translations (see {@link FrozenModel}; refreeze:
 * {@code -Dtest=Seq2SeqFrozenModelTest -Dseqtasks.refreeze=true}). {@link #freeze} is how it was made: an LSTM
 * encoder-decoder with attention, 16 units and 8-wide embeddings, six epochs on 500 generated dates.
 */
class Seq2SeqFrozenModelTest {
    private static final List<String> PROBES =
            List.of("the 3rd of march 2021", "3/3/21", "December 25, 1999", "tuesday 1 jan 2030");

    @TempDir
    Path dir;

    private Path freeze() {
        Path out = dir.resolve("frozen");
        Seq2SeqMain.run(
                "train",
                "--attention",
                "--pairs",
                "500",
                "--hidden",
                "16",
                "--embedding",
                "8",
                "--epochs",
                "6",
                "--seed",
                "11",
                "--progress",
                "off",
                "--out",
                out.toString());
        return out.resolve("model.zip");
    }

    @Test
    void theFrozenTranslatorStillLoadsAndGivesTheSameTranslations() {
        FrozenModel frozen = new FrozenModel("seq2seq");
        Seq2SeqModel model = Seq2SeqModel.load(frozen.model(this::freeze));
        Seq2SeqModel.Spec spec = model.spec();
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + spec.rnn().cell().id() + " hidden " + spec.rnn().hidden() + " attention "
                + spec.attention() + " characters "
                + spec.characters() + " source " + model.sourceVocabulary().size() + " target "
                + model.targetVocabulary().size()
                + " parameters " + model.parameterCount());
        List<List<String>> sources = PROBES.stream().map(model::tokens).toList();
        TranslationPair pair = new TranslationPair(sources.get(0), Vocabulary.characters("2021-03-03"), null);
        outputs.add("nll of 2021-03-03 " + number(model.nll(List.of(pair), 1)));
        for (int beam : new int[] {1, 3}) {
            List<Seq2SeqModel.Translation> translated = model.translate(sources, beam, 4);
            for (int i = 0; i < PROBES.size(); i++) {
                outputs.add("beam " + beam + " ended " + translated.get(i).ended() + ": " + PROBES.get(i) + " -> "
                        + model.display(translated.get(i).tokens()));
            }
        }
        frozen.assertSameOutputs(outputs);
    }
}
