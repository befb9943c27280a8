package org.seqtasks.seq2seq;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.RunFolder;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.model.Cell;
import org.seqtasks.model.LayerImplementation;
import org.seqtasks.model.RecurrentNetworks.DecoderStart;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.RunResult;
import org.seqtasks.seq2seq.Seq2SeqData.Split;
import org.seqtasks.train.TrainResult;
import org.seqtasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sequence to sequence, the many-to-many shape of different lengths: an encoder reads the source, a decoder
 * writes the target. Generated dates ("the 3rd of march 2021" -> "2021-03-03") by default, or Tatoeba
 * French -> English.
 *
 * <pre>
 * ./seqtasks seq2seq train [--cell rnn|lstm] [--attention] [--bidirectional] [--dataset dates|tatoeba-fra-eng] ...
 * ./seqtasks seq2seq eval --model runs/.../model.zip [--split dev|test] [--beam K]
 * ./seqtasks seq2seq translate --model runs/.../model.zip "the 3rd of march 2021" "3/14/21"
 * </pre>
 */
@Command(
        name = "seq2seq",
        mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description =
                "Encoder-decoder translation (many-to-many, different lengths), with or without attention: train, eval, translate.",
        subcommands = {Seq2SeqMain.Train.class, Seq2SeqMain.Eval.class, Seq2SeqMain.Translate.class})
public final class Seq2SeqMain {
    static final int DECODE_BATCH = 256;

    public static void main(String[] args) {
        System.exit(Cli.execute(new Seq2SeqMain(), args));
    }

    /** Runs one subcommand and returns its result (tests and {@code compare} call this). */
    public static RunResult run(String... args) {
        return Cli.run(new Seq2SeqMain(), args);
    }

    /** What each dataset trains with unless told otherwise: a time budget unless --epochs says how many. */
    record Defaults(TrainRecipe train, int embedding) {
        /**
         * Where the decoder starts unless told: from the summary where that learned faster per update (forward
         * encoder, no attention; docs/results.md, seq2seq), from zeros elsewhere, and always with DL4J's own layers,
         * which cannot start from their input.
         */
        static DecoderStart decoderStart(RnnConfig rnn, boolean attention) {
            boolean possible = !rnn.bidirectional() && LayerImplementation.current() == LayerImplementation.FAST;
            return possible && !attention ? DecoderStart.SUMMARY : DecoderStart.ZERO;
        }

        static Defaults of(String dataset, Cell cell, long seed) {
            RnnConfig rnn = RnnConfig.of(cell, seed).clip(5);
            if (dataset.equals(TatoebaPairs.NAME)) {
                // the PyTorch peer's sizes, so the two compare like for like
                return new Defaults(
                        // annealed: at 10 minutes the cooldown took LSTM + attention 0.526 -> 0.548 test BLEU-4 and
                        // GRU + attention to 0.556 (docs/results.md, 2026-12-02)
                        TrainRecipe.of(rnn.hidden(256).learningRate(1e-3))
                                .batch(32)
                                .epochs(1000)
                                .minutesUnlessEpochs(10)
                                .anneal(true),
                        256);
            }
            return new Defaults(
                    TrainRecipe.of(rnn.hidden(128).learningRate(5e-3))
                            .batch(64)
                            .epochs(1000)
                            .minutesUnlessEpochs(3),
                    32);
        }
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description =
                    "Train a translator; writes model.zip, metrics.json, curve.csv. No options: generated dates, 3 minutes.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Option(
                names = "--attention",
                description =
                        "Attend over the encoder states at every decoder step (else the final state is the only link).")
        boolean attention;

        @Option(names = "--embedding", description = "Token embedding size (source and target).")
        Integer embedding;

        @Option(
                names = "--decoder-start",
                description = "The decoder's initial state: zero, or summary (the encoder's final state; forward"
                        + " encoders only). Default: summary without attention, zero with it or when bidirectional.")
        String decoderStart;

        @Option(
                names = "--pairs",
                defaultValue = "" + DateCorpus.DEFAULT_PAIRS,
                description =
                        "Generated date pairs (train/dev/test 80/10/10) for the dates dataset. Default: ${DEFAULT-VALUE}.")
        int pairs;

        @Option(
                names = "--beam",
                defaultValue = "1",
                description = "Beam width for the test translations (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Override
        public RunResult call() {
            Seq2SeqModel resumed =
                    options.resumeOr(Seq2SeqModel::load, m -> m.spec().rnn(), () -> null);
            Seq2SeqData data = data(resumed);
            Defaults d = Defaults.of(data.name(), options.cell, options.seed);
            RnnConfig config = resumed != null ? null : options.config(d.train());
            Seq2SeqModel model = resumed != null
                    ? resumed
                    : Seq2SeqModel.create(
                            config,
                            attention,
                            decoderStart == null
                                    ? Defaults.decoderStart(config, attention)
                                    : DecoderStart.parse(decoderStart),
                            TrainCommandOptions.or(embedding, d.embedding()),
                            data,
                            options.seed,
                            pairs);
            RnnConfig rnn = model.spec().rnn();
            TranslationBatches train =
                    new TranslationBatches(model, data.train(), options.batch(d.train()), rnn.seed());
            printStart(model, data);
            RunFolder run = options.runFolder(Seq2SeqModel.TASK);
            TrainResult result = options.trainer(d.train(), "tokens")
                    .fit(
                            model.graph(),
                            train,
                            train.batchesPerEpoch(),
                            devBleu(model, data),
                            g -> model.save(run.model()),
                            run.curveCsv(),
                            rnn.seed());
            run.curveChart(result.curve(), title(model, data), "cross-entropy per target token");
            return evaluate(model, data, result, run);
        }

        /**
         * Checkpoints are chosen by the dev BLEU-4 of greedy translations, the figure the task reports, not by the dev
         * loss: on Tatoeba the loss turns up after epoch 4 (over-confidence on a few tokens) while the translations
         * still improve (docs/results.md, seq2seq); the curve still shows the loss. Equal scores go to the lower loss
         * ({@link #LOSS_TIE_BREAK}): a dev set of a few short sentences can score 0 at every epoch.
         */
        static Trainer.Validation<ComputationGraph> devBleu(Seq2SeqModel model, Seq2SeqData data) {
            List<TranslationPair> dev = data.dev();
            List<List<String>> sources =
                    dev.stream().map(TranslationPair::source).toList();
            return Trainer.Validation.byScore("BLEU-4", g -> {
                double loss = model.nll(dev, DECODE_BATCH);
                double bleu = score(data.characters(), dev, model.translate(sources, 1, DECODE_BATCH))
                        .bleu4();
                return new Trainer.Measured(loss, 1 - bleu + LOSS_TIE_BREAK * loss);
            });
        }

        /** Weight of the dev loss in the checkpoint criterion: too small to outweigh any BLEU difference that shows. */
        static final double LOSS_TIE_BREAK = 1e-6;

        /** A resumed model continues on its own data (same seed, split and vocabularies) unless told otherwise. */
        private Seq2SeqData data(Seq2SeqModel resumed) {
            Seq2SeqData data = resumed == null || options.dataset != null || options.input != null
                    ? Datasets.load(options.dataset, options.input, options.dataDir, options.seed, pairs)
                    : Datasets.load(
                            resumed.spec().dataset(),
                            null,
                            options.dataDir,
                            resumed.spec().dataSeed(),
                            resumed.spec().dataPairs(),
                            !resumed.spec().dataset().equals(DateCorpus.NAME)
                                    && !resumed.spec().dataset().equals(TatoebaPairs.NAME));
            if (data.train().isEmpty() || data.dev().isEmpty() || data.test().isEmpty()) {
                throw new UserFacingException(data.name() + ": training needs train, dev and test pairs (got "
                        + data.train().size() + "/" + data.dev().size() + "/"
                        + data.test().size() + ")");
            }
            return data;
        }

        private static String title(Seq2SeqModel model, Seq2SeqData data) {
            return "seq2seq " + model.spec().rnn().cell().displayName()
                    + (model.spec().attention() ? " + attention" : "") + " on " + data.name();
        }

        private static void printStart(Seq2SeqModel model, Seq2SeqData data) {
            RnnConfig rnn = model.spec().rnn();
            System.err.printf(
                    Locale.ROOT,
                    "seq2seq %s%s%s on %s: %d train / %d dev / %d test pairs, vocabulary %d -> %d, at most %d output tokens, %,d parameters%n",
                    rnn.cell().displayName(),
                    rnn.bidirectional() ? " (bidirectional encoder)" : "",
                    model.spec().attention() ? " + attention" : "",
                    data.name(),
                    data.train().size(),
                    data.dev().size(),
                    data.test().size(),
                    model.sourceVocabulary().size(),
                    model.targetVocabulary().size(),
                    model.spec().maxOutput(),
                    model.parameterCount());
        }

        /** Test-split figures of the trained model, the run's metrics.json, and the lines a user reads. */
        private RunResult evaluate(Seq2SeqModel model, Seq2SeqData data, TrainResult result, RunFolder run) {
            List<TranslationPair> test = data.test();
            List<Seq2SeqModel.Translation> translations =
                    model.translate(test.stream().map(TranslationPair::source).toList(), beam, DECODE_BATCH);
            TranslationScores scores = score(data.characters(), test, translations);
            Map<String, Object> figures = new LinkedHashMap<>(scores.asMap());
            figures.put("devNll", model.nll(data.dev(), DECODE_BATCH));
            figures.put("testNll", model.nll(test, DECODE_BATCH));
            figures.put("attention", model.spec().attention());
            DecoderStart start = model.spec().decoderStart();
            figures.put(
                    "decoderStart",
                    (start == null ? DecoderStart.ZERO : start).name().toLowerCase(Locale.ROOT));
            figures.put("beam", beam);
            double tokensPerPair = data.train().stream()
                    .mapToInt(p -> p.target().size() + 1)
                    .average()
                    .orElse(1);
            figures.put("pairsPerSecond", result.unitsPerSecond() / tokensPerPair);
            RunResult trained =
                    run.result(label(model), data.name(), "test", model.parameterCount(), result, "tokens", figures);
            printScores("test", scores);
            run.printTrained(
                    result,
                    String.format(
                            Locale.ROOT,
                            "%.0f target tokens/s, %.1f pairs/s",
                            result.unitsPerSecond(),
                            result.unitsPerSecond() / tokensPerPair));
            System.out.println("examples (test):");
            for (int i = 0; i < Math.min(5, test.size()); i++) {
                System.out.printf(
                        "  %s -> %s (truth %s)%n",
                        model.display(test.get(i).source()),
                        model.display(translations.get(i).tokens()),
                        model.display(test.get(i).target()));
            }
            run.printFiles();
            return trained;
        }
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description =
                    "Translate a split and score it: corpus BLEU-4, exact match, both by source length (and by format, for dates).")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Option(
                names = "--beam",
                defaultValue = "1",
                description = "Beam width (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Override
        public RunResult call() {
            Seq2SeqModel model = Seq2SeqModel.load(options.model);
            Seq2SeqModel.Spec spec = model.spec();
            Split split = Split.parse(options.split == null ? "test" : options.split);
            String dataset = options.dataset != null ? options.dataset : spec.dataset();
            boolean fromFile = options.dataset == null
                    && !spec.dataset().equals(DateCorpus.NAME)
                    && !spec.dataset().equals(TatoebaPairs.NAME);
            Seq2SeqData data =
                    Datasets.load(dataset, options.input, options.dataDir, spec.dataSeed(), spec.dataPairs(), fromFile);
            List<TranslationPair> pairs = data.split(split);
            if (pairs.isEmpty()) {
                throw new UserFacingException(
                        data.name() + ": no " + split.name().toLowerCase(Locale.ROOT) + " pairs");
            }
            long t0 = System.nanoTime();
            TranslationScores scores = score(
                    data.characters(),
                    pairs,
                    model.translate(pairs.stream().map(TranslationPair::source).toList(), beam, DECODE_BATCH));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>(scores.asMap());
            figures.put("nll", model.nll(pairs, DECODE_BATCH));
            figures.put("beam", beam);
            Path dir = options.outDir(Seq2SeqModel.TASK);
            RunResult run = new RunResult(
                    Seq2SeqModel.TASK,
                    label(model),
                    data.name(),
                    split.name().toLowerCase(Locale.ROOT),
                    model.parameterCount(),
                    0,
                    0,
                    new RunResult.Throughput(pairs.size() / seconds, "sentences/s"),
                    figures,
                    dir,
                    options.model,
                    null);
            Path file = run.writeMetrics(dir);
            printScores(data.name() + " " + run.split(), scores);
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(
            name = "translate",
            mixinStandardHelpOptions = true,
            description = "Print the translation of each TEXT (source<TAB>translation).")
    static final class Translate implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Option(
                names = "--beam",
                defaultValue = "1",
                description = "Beam width (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Option(
                names = "--attention-plot",
                paramLabel = "DIR",
                description =
                        "Write each translation's attention map to DIR/attention-N.png (N = the TEXT's position, from 1): source tokens across, output tokens down.")
        Path attentionPlot;

        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "Sentences (or dates) to translate.")
        List<String> texts;

        @Override
        public RunResult call() {
            Seq2SeqModel m = Seq2SeqModel.load(model);
            if (attentionPlot != null && !m.spec().attention()) {
                throw new UserFacingException("--attention-plot: " + model
                        + " has no attention to plot (it was trained without --attention)");
            }
            List<List<String>> sentences = texts.stream().map(m::tokens).toList();
            List<Seq2SeqModel.Translation> translations = m.translate(sentences, beam, DECODE_BATCH);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < texts.size(); i++) {
                out.append(texts.get(i))
                        .append('\t')
                        .append(m.display(translations.get(i).tokens()))
                        .append(translations.get(i).ended() ? "" : " ...")
                        .append('\n');
            }
            System.out.print(out);
            if (attentionPlot != null) {
                Cli.createFolder(attentionPlot);
                for (int i = 0; i < texts.size(); i++) {
                    Path png = attentionPlot.resolve(String.format(Locale.ROOT, "attention-%d.png", i + 1));
                    AttentionHeatmap.write(m.attention(sentences.get(i), translations.get(i)), png);
                    System.err.println("attention: " + png);
                }
            }
            return new RunResult(
                    Seq2SeqModel.TASK,
                    label(m),
                    m.spec().dataset(),
                    "translate",
                    m.parameterCount(),
                    0,
                    0,
                    new RunResult.Throughput(0, "sentences/s"),
                    Map.of(),
                    null,
                    model,
                    out.toString());
        }
    }

    /** Where a dataset comes from: generated dates, the Tatoeba file of the catalog, or a file in its format. */
    static final class Datasets {
        private Datasets() {}

        static Seq2SeqData load(String dataset, Path input, Path dataDir, long dateSeed, int datePairs) {
            return load(dataset, input, dataDir, dateSeed, datePairs, false);
        }

        /** {@code trainedOnFile}: {@code dataset} is the name of the --input file a model was trained on. */
        static Seq2SeqData load(
                String dataset, Path input, Path dataDir, long dateSeed, int datePairs, boolean trainedOnFile) {
            if (input != null) {
                return TatoebaPairs.split(
                        input.getFileName().toString(), TatoebaPairs.read(input), TatoebaPairs.SPLIT_SEED);
            }
            if (dataset == null || dataset.equals("default") || dataset.equals(DateCorpus.NAME)) {
                if (datePairs < 10) {
                    throw new UserFacingException(
                            "--pairs must be >= 10 (train/dev/test need a pair each), got " + datePairs);
                }
                return DateCorpus.generate(dateSeed, datePairs);
            }
            if (dataset.equals(TatoebaPairs.NAME)) {
                Path file = DatasetResolver.standard(dataDir).file(TatoebaPairs.NAME, TatoebaPairs.FILE);
                return TatoebaPairs.split(TatoebaPairs.NAME, TatoebaPairs.read(file), TatoebaPairs.SPLIT_SEED);
            }
            if (trainedOnFile) {
                throw new UserFacingException(
                        "this model was trained on the file " + dataset + "; give --input FILE to evaluate it");
            }
            throw new UserFacingException("seq2seq has no dataset '" + dataset + "' (expected " + DateCorpus.NAME
                    + " or " + TatoebaPairs.NAME + ", or --input fra.txt)");
        }
    }

    static TranslationScores score(
            boolean characters, List<TranslationPair> pairs, List<Seq2SeqModel.Translation> translations) {
        TranslationScores scores = new TranslationScores(characters);
        for (int i = 0; i < pairs.size(); i++) {
            scores.add(pairs.get(i), translations.get(i).tokens());
        }
        return scores;
    }

    /** How records name the model: the cell ({@code -bi} when bidirectional), {@code +attn} with attention. */
    static String label(Seq2SeqModel model) {
        return model.spec().rnn().label() + (model.spec().attention() ? "+attn" : "");
    }

    @SuppressWarnings("unchecked")
    static void printScores(String what, TranslationScores s) {
        System.out.printf(
                Locale.ROOT,
                "%s: BLEU-4 %.4f, exact match %.2f%% (%d sentences)%n",
                what,
                s.bleu4(),
                100 * s.exactMatch(),
                s.sentences());
        Map<String, Object> m = s.asMap();
        ((Map<String, Object>) m.get("bySourceWords")).forEach((k, v) -> {
            Map<String, Object> b = (Map<String, Object>) v;
            System.out.printf(
                    Locale.ROOT,
                    "  source %s words: BLEU-4 %.4f, exact match %.2f%% (%d)%n",
                    k,
                    ((Number) b.get("bleu4")).doubleValue(),
                    100 * ((Number) b.get("exactMatch")).doubleValue(),
                    ((Number) b.get("sentences")).intValue());
        });
        if (m.get("exactMatchByFormat") instanceof Map<?, ?> byFormat) {
            byFormat.forEach((k, v) -> System.out.printf(
                    Locale.ROOT, "  %-24s exact match %.2f%%%n", k, 100 * ((Number) v).doubleValue()));
        }
    }
}
