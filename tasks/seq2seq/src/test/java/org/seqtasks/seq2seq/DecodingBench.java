package org.seqtasks.seq2seq;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.model.BeamSearch;

/**
 * Translation speed, stepped ({@link SteppedDecoder}, what {@code translate} and {@code eval} use) against the whole
 * graph re-run on every prefix ({@link PrefixDecoder}, how they decoded before), in one JVM, rounds interleaved, on a
 * saved model and a split of its data; prints sentences/s and how many translations the two agree on. A benchmark
 * run by hand, not a test:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "tasks/compare/target/seqtasks.jar:tasks/compare/target/lib/*:tasks/seq2seq/target/test-classes" \
 *     org.seqtasks.seq2seq.DecodingBench runs/.../model.zip ../shared/datasets [rounds [sentences]]
 * </pre>
 */
public final class DecodingBench {
    private DecodingBench() {}

    public static void main(String[] args) {
        Seq2SeqModel model = Seq2SeqModel.load(Path.of(args[0]));
        Seq2SeqModel.Spec spec = model.spec();
        Seq2SeqData data =
                Seq2SeqMain.Datasets.load(spec.dataset(), null, Path.of(args[1]), spec.dataSeed(), spec.dataPairs());
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<List<String>> all =
                data.test().stream().map(TranslationPair::source).toList();
        List<List<String>> sentences =
                args.length > 3 ? all.subList(0, Math.min(all.size(), Integer.parseInt(args[3]))) : all;
        for (int round = 1; round <= rounds; round++) {
            for (int beam : new int[] {1, 3}) {
                long t0 = System.nanoTime();
                List<Seq2SeqModel.Translation> stepped = model.translate(sentences, beam, Seq2SeqMain.DECODE_BATCH);
                double steppedSeconds = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                List<List<String>> prefix = prefixTranslations(model, sentences, beam);
                double prefixSeconds = (System.nanoTime() - t0) / 1e9;
                int same = 0;
                for (int i = 0; i < sentences.size(); i++) {
                    same += stepped.get(i).tokens().equals(prefix.get(i)) ? 1 : 0;
                }
                System.out.printf(
                        Locale.ROOT,
                        "round %d, beam %d, %d sentences: stepped %.1f sentences/s, prefix re-runs %.1f sentences/s (%.1fx); same translation %d/%d%n",
                        round,
                        beam,
                        sentences.size(),
                        sentences.size() / steppedSeconds,
                        sentences.size() / prefixSeconds,
                        prefixSeconds / steppedSeconds,
                        same,
                        sentences.size());
            }
        }
    }

    private static List<List<String>> prefixTranslations(Seq2SeqModel model, List<List<String>> sentences, int beam) {
        int bos = model.targetVocabulary().id(Vocabulary.BOS);
        int eos = model.targetVocabulary().id(Vocabulary.EOS);
        int perBatch = Math.max(1, Seq2SeqMain.DECODE_BATCH / beam);
        List<List<String>> out = new ArrayList<>();
        for (int start = 0; start < sentences.size(); start += perBatch) {
            List<List<String>> group = sentences.subList(start, Math.min(sentences.size(), start + perBatch));
            INDArray[] sources = model.sources(group);
            List<BeamSearch.Hypothesis> found = beam == 1
                    ? BeamSearch.greedy(
                            new PrefixDecoder(model, sources, 1),
                            group.size(),
                            bos,
                            eos,
                            model.spec().maxOutput())
                    : BeamSearch.search(
                            new PrefixDecoder(model, sources, beam),
                            group.size(),
                            beam,
                            bos,
                            eos,
                            model.spec().maxOutput());
            for (BeamSearch.Hypothesis h : found) {
                out.add(model.targetVocabulary().decode(h.tokens()));
            }
        }
        return out;
    }
}
