package org.seqtasks.seq2seq;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.train.NativeThreads;

/**
 * Learning per update: dev cross-entropy per target token after given numbers of updates, one seed, the task's own
 * recipe ({@link Seq2SeqMain.Defaults}) and batches, no time budget. On a shared machine wall-clock says nothing,
 * but two recipes compared at equal updates still say which learns faster per update. A benchmark run by hand, not
 * a test:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "tasks/compare/target/seqtasks.jar:tasks/compare/target/lib/*:tasks/seq2seq/target/test-classes" \
 *     org.seqtasks.seq2seq.LearningPerUpdateBench tatoeba-fra-eng ../shared/datasets 100,200,300 [lstm] [attention|plain] [clip-mode] [zero|summary]
 * </pre>
 * The last argument is the decoder's start ({@link DecoderStart}); without it, the task's default. Dev BLEU-4 is
 * greedy decoding of the whole dev split.
 * {@code clip-mode}: {@code recipe} (the recipe's own), or a DL4J {@link GradientNormalization} name put on every layer
 * (its threshold the recipe's clip), to try another clipping without changing the recipe first.
 */
public final class LearningPerUpdateBench {
    private LearningPerUpdateBench() {}

    public static void main(String[] args) {
        NativeThreads.configure();
        String dataset = args[0];
        Path dataDir = Path.of(args[1]);
        int[] at = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        Cell cell = args.length > 3 ? Cell.parse(args[3]) : Cell.LSTM;
        boolean attention = args.length <= 4 || args[4].equals("attention");
        String clip = args.length > 5 ? args[5] : "recipe";
        long seed = 42;
        Seq2SeqData data = Seq2SeqMain.Datasets.load(dataset, null, dataDir, seed, DateCorpus.DEFAULT_PAIRS);
        Seq2SeqMain.Defaults d = Seq2SeqMain.Defaults.of(data.name(), cell, seed);
        RnnConfig rnn = d.train().rnn();
        DecoderStart start =
                args.length > 6 ? DecoderStart.parse(args[6]) : Seq2SeqMain.Defaults.decoderStart(rnn, attention);
        Seq2SeqModel model =
                Seq2SeqModel.create(rnn, attention, start, d.embedding(), data, seed, DateCorpus.DEFAULT_PAIRS);
        if (!clip.equals("recipe")) {
            GradientNormalization mode = GradientNormalization.valueOf(clip);
            for (Layer layer : model.graph().getLayers()) {
                var conf = layer.conf().getLayer();
                if (conf instanceof BaseWrapperLayer w) {
                    conf = w.getUnderlying(); // TimeDistributed reads its layer's setting
                }
                if (conf instanceof BaseLayer b) {
                    b.setGradientNormalization(mode);
                    b.setGradientNormalizationThreshold(rnn.clip());
                }
            }
            // the attention vertex is a SameDiff vertex, not a layer: it holds a setting of its own
            if (model.graph().getConfiguration().getVertices().get(RecurrentNetworks.ATTENTION)
                    instanceof SameDiffVertex sd) {
                sd.setGradientNormalization(mode);
                sd.setGradientNormalizationThreshold(rnn.clip());
            }
        }
        TranslationBatches train =
                new TranslationBatches(model, data.train(), d.train().batch(), seed);
        System.out.printf(
                Locale.ROOT,
                "%s %s%s clip %s, decoder starts from %s: %,d parameters, %d batches of %d per epoch%n",
                data.name(),
                cell.displayName(),
                attention ? " + attention" : "",
                clip,
                start,
                model.graph().params().length(),
                train.batchesPerEpoch(),
                d.train().batch());
        int updates = 0;
        long t0 = System.nanoTime();
        for (int target : at) {
            while (updates < target) {
                if (!train.hasNext()) {
                    train.reset();
                }
                model.graph().fit(train.next());
                updates++;
            }
            System.out.printf(
                    Locale.ROOT,
                    "after %d updates: dev %.4f nats/token, dev BLEU-4 %.3f (%.0f s)%n",
                    updates,
                    model.nll(data.dev(), Seq2SeqMain.DECODE_BATCH),
                    Seq2SeqMain.score(
                                    data.characters(),
                                    data.dev(),
                                    model.translate(
                                            data.dev().stream()
                                                    .map(TranslationPair::source)
                                                    .toList(),
                                            1,
                                            Seq2SeqMain.DECODE_BATCH))
                            .bleu4(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
