package org.seqtasks.postag;

import static org.seqtasks.testing.FrozenModel.number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.testing.FrozenModel;

/**
 * A tagger saved on 2026-12-01 must keep loading and give the same tags and probabilities (see {@link FrozenModel};
 * refreeze: {@code -Dtest=PosTagFrozenModelTest -Dseqtasks.refreeze=true}). {@link #freeze} is how it was made: the
 * default bidirectional LSTM shrunk to 8 units, 8-wide word and 4-wide spelling embeddings, two epochs on the
 * embedded sample.
 */
class PosTagFrozenModelTest {
    private static final List<String> PROBES =
            List.of("The old man the boats .", "I can't swim in the cold river", "Zyzzyvas glimmered");

    @TempDir
    Path dir;

    private Path freeze() {
        Path out = dir.resolve("frozen");
        PosTagMain.run(
                "train",
                "--cell",
                "lstm",
                "--hidden",
                "8",
                "--embedding",
                "8",
                "--feature-embedding",
                "4",
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
    void theFrozenTaggerStillLoadsAndGivesTheSameTags() {
        FrozenModel frozen = new FrozenModel("postag");
        PosTagModel model = PosTagModel.load(frozen.model(this::freeze));
        PosTagModel.Spec spec = model.spec();
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + spec.rnn().cell().id() + " hidden " + spec.rnn().hidden() + " bidirectional "
                + spec.rnn().bidirectional() + " tagset " + spec.tagset() + " tags "
                + model.tags().size() + " parameters " + model.parameterCount());
        List<List<String>> sentences =
                PROBES.stream().map(WordTokenizer::tokenizeKeepingCase).toList();
        List<List<String>> tags = model.tag(sentences, 2);
        double[][][] p = model.probabilities(sentences, 2);
        for (int i = 0; i < sentences.size(); i++) {
            StringBuilder line = new StringBuilder("tagged");
            for (int w = 0; w < sentences.get(i).size(); w++) {
                line.append(' ')
                        .append(sentences.get(i).get(w))
                        .append('/')
                        .append(tags.get(i).get(w))
                        .append(' ')
                        .append(number(p[i][w][PosTagModel.argmax(p[i][w])]));
            }
            outputs.add(line.toString());
        }
        frozen.assertSameOutputs(outputs);
    }
}
