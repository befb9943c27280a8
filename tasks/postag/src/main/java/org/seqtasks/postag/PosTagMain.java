package org.seqtasks.postag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.data.BucketIterator;
import org.seqtasks.data.ChannelSplitIterator;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.data.WordVectors;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.postag.ConlluReader.Tagset;
import org.seqtasks.report.CurveChart;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.TrainOptions;
import org.seqtasks.train.TrainResult;
import org.seqtasks.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Part-of-speech tagging, the lecture's synced many-to-many shape: one tag per word.
 *
 * <pre>
 * ./seqtasks postag train [--cell rnn|lstm] [--no-bidirectional] [--dataset default|ud-english-ewt | --input FILE.conllu] ...
 * ./seqtasks postag eval --model runs/.../model.zip [--dataset ...] [--split dev]
 * ./seqtasks postag tag --model runs/.../model.zip "The old man the boats ."
 * </pre>
 */
@Command(name = "postag", mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description = "Part-of-speech tagging (synced many-to-many): train, eval, tag (SimpleRnn or LSTM).",
        subcommands = {PosTagMain.Train.class, PosTagMain.Eval.class, PosTagMain.Tag.class})
public final class PosTagMain {
    public static void main(String[] args) {
        System.exit(Cli.execute(new PosTagMain(), args));
    }

    /** Runs one subcommand and returns its result (tests and {@code compare} call this). */
    public static RunResult run(String... args) {
        return Cli.run(new PosTagMain(), args);
    }

    private static final String PRETRAINED = WordVectors.GLOVE;

    /**
     * How many of the vectors' most frequent words join the word vocabulary, for words training never saw. Unlike
     * sentiment, tagging leans on them: on EWT dev, 50,000 gave 95.00% (out-of-vocabulary words 83.25%) against
     * 94.73% (79.70%) with 10,000, for ~20% slower training (each is an embedding row Adam updates at every step).
     */
    static final int PRETRAINED_EXTRA_WORDS = 50_000;

    /** Sizes that suit each dataset; every one can be overridden on the command line. */
    record Defaults(RnnConfig rnn, int wordEmbedding, String embeddings, int featureEmbedding, double wordDropout, int batch, int epochs,
                    int patience, boolean keepBest, double lrDecay) {
        static Defaults forDataset(String name, Cell cell, long seed) {
            if (name.equals("default")) {
                // ~220 sentences: a small model; its ~40-sentence dev split is too small to choose a checkpoint by.
                return new Defaults(new RnnConfig(cell, 48, 1, true, 0, 5, 1e-2, 0.2, 0, seed), 32, "none", 8, 0.25, 8, 25, 0, false, 1.0);
            }
            // Dropout 0.5 and word dropout 0.5: on EWT dev 94.58% against 94.45% with 0.33 / 0.25 (the LSTM overfits by epoch 3).
            // The word channel starts from GloVe (see the README for what it is worth); --embeddings none learns it from scratch.
            // 2 x 256 per direction: with GloVe, 95.63% (seed 42, loss-chosen) against 95.00% for 2 x 128, for ~1.6x the training time.
            // Chosen by dev accuracy, the rate halved after each epoch without a better one: seeds 42 / 7 / 1 reach 95.62 / 95.71 / 95.63%.
            return new Defaults(new RnnConfig(cell, 256, 2, true, 0, 5, 2e-3, 0.5, 0, seed), 100, PRETRAINED, 16, 0.5, 32, 20, 3, true, 0.5);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train a tagger; writes model.zip, metrics.json, curve.csv.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Option(names = "--embedding", description = "Word embedding size.")
        Integer wordEmbedding;

        @Option(names = "--embeddings", paramLabel = "NAME|FILE|none", description = "Start the word embedding from pretrained vectors:"
                + " a catalog name (" + PRETRAINED + ", the default for the real datasets), a file (GloVe or word2vec text, .gz allowed)"
                + " or none; the word embedding size becomes theirs.")
        String embeddings;

        @Option(names = "--feature-embedding", description = "Embedding size of each spelling feature (affixes, shape).")
        Integer featureEmbedding;

        @Option(names = "--word-dropout", description = "Alpha of word dropout: a word seen n times becomes <unk> with p = alpha/(alpha+n) (0 = off).")
        Double wordDropout;

        @Option(names = "--tagset", defaultValue = "upos", description = "Tag column: upos or xpos. Default: ${DEFAULT-VALUE}.")
        String tagset;

        @Option(names = "--dev", description = "With --input: a CoNLL-U dev file (default: a seeded tenth of the --input file,"
                + " held out of training).")
        Path dev;

        @Override
        public RunResult call() {
            PosTagData data = PosTagData.load(options.dataset, options.input, dev, options.dataDir, Tagset.parse(tagset));
            Defaults defaults = Defaults.forDataset(options.input != null || data.name().equals("default") ? "default" : data.name(),
                    options.cell, options.seed);
            PosTagModel model;
            if (options.resume != null) {
                model = PosTagModel.load(options.resume.resolve("model.zip"));
                options.reportRecipeDifferences(model.spec().rnn());
            } else {
                WordVectors pretrained = null;
                Path vectors = WordVectors.locate(TrainCommandOptions.or(embeddings, defaults.embeddings()), options.dataDir);
                if (vectors != null) {
                    java.util.Set<String> words = new java.util.HashSet<>();
                    data.train().forEach(x -> x.words().forEach(w -> words.add(WordFeatures.Channel.WORD.value(w))));
                    pretrained = WordVectors.read(vectors, words, PRETRAINED_EXTRA_WORDS);
                }
                int size = TrainCommandOptions.or(wordEmbedding, pretrained != null ? pretrained.dimension() : defaults.wordEmbedding());
                model = PosTagModel.create(options.config(defaults.rnn()), data.train(), size,
                        TrainCommandOptions.or(featureEmbedding, defaults.featureEmbedding()), TrainCommandOptions.or(wordDropout, defaults.wordDropout()),
                        pretrained, tagset.toLowerCase(Locale.ROOT), data.name());
                if (pretrained != null) {
                    System.err.println("pretrained word vectors: " + model.spec().pretrained());
                }
            }
            RnnConfig rnn = model.spec().rnn();
            int batch = TrainCommandOptions.or(options.batch, defaults.batch());
            BucketIterator<TaggedSentence> train = model.batches(data.train(), batch, true, rnn.seed(), model.wordDropout(data.train(), rnn.seed()));
            long trainTokens = data.train().stream().mapToLong(TaggedSentence::length).sum();
            System.err.printf(Locale.ROOT, "postag %s%s on %s: %d train sentences (%,d words) / %d dev, %d words known, %d tags, %d x %d, %,d parameters%n",
                    rnn.bidirectional() ? "bidirectional " : "", rnn.cell().displayName(), data.name(), data.train().size(), trainTokens,
                    data.dev().size(), model.features().trainWords(), model.tags().size(), rnn.layers(),
                    rnn.hidden(), model.parameterCount());
            TrainOptions trainOptions = new TrainOptions(TrainCommandOptions.or(options.epochs, defaults.epochs()),
                    TrainCommandOptions.or(options.maxMinutes, 0.0), TrainCommandOptions.or(options.validateEvery, 0),
                    options.patience > 0 ? options.patience : defaults.patience(), "tokens", options.progressBar(), defaults.keepBest(),
                    TrainCommandOptions.or(options.lrDecay, defaults.lrDecay()));
            Path out = options.outDir("postag");
            Path modelFile = out.resolve("model.zip");
            Cli.createFolder(out);
            TrainResult result = options.trainer(trainOptions).fit(model.graph(), new ChannelSplitIterator(train), train.batchesPerEpoch(),
                    devAccuracy(model, data.dev()), g -> model.save(modelFile), out.resolve("curve.csv"), rnn.seed());
            CurveChart.write(result.curve(), "postag " + rnn.cell().displayName() + " on " + data.name(), "cross-entropy per word",
                    out.resolve("curve.png"));
            TaggingMetrics trainMetrics = model.evaluate(data.train(), 256);
            long t0 = System.nanoTime();
            TaggingMetrics dev = model.evaluate(data.dev(), 256);
            double tagSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> figures = dev.asMap();
            figures.put("trainAccuracy", trainMetrics.accuracy());
            figures.put("taggingTokensPerSecond", dev.tokens() / tagSeconds);
            figures.put("iterations", result.iterations());
            figures.put("stopReason", result.stopReason().name());
            RunResult run = new RunResult("postag", rnn.label(), data.name(), "dev", model.parameterCount(), result.epochs(),
                    result.trainSeconds(), new RunResult.Throughput(result.unitsPerSecond(), "tokens/s"), figures, out, modelFile, null);
            Path metricsFile = run.writeMetrics(out);
            System.out.printf(Locale.ROOT, "train: accuracy %.2f%%%n", 100 * trainMetrics.accuracy());
            printSummary("dev", dev);
            System.out.printf(Locale.ROOT, "trained %.2f epochs in %.0f s (%.0f tokens/s); tagging %.0f tokens/s; stopped by %s%n",
                    result.epochs(), result.trainSeconds(), result.unitsPerSecond(), dev.tokens() / tagSeconds,
                    result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            System.out.println("model:   " + modelFile);
            System.out.println("metrics: " + metricsFile);
            return run;
        }
    }

    /**
     * Checkpoints are chosen by dev accuracy, the figure a tagger reports, not by dev loss: on EWT the loss turns up
     * an epoch or more before the accuracy stops improving (seed 7: loss lowest at epoch 4, 95.13%; epoch 5, 95.29%).
     */
    private static Trainer.Validation<org.deeplearning4j.nn.graph.ComputationGraph> devAccuracy(PosTagModel model, List<TaggedSentence> dev) {
        return Trainer.Validation.byError(g -> {
            TaggingMetrics m = model.evaluate(dev, 256);
            return new Trainer.Measured(m.nll(), 1 - m.accuracy());
        });
    }

    static void printSummary(String split, TaggingMetrics m) {
        System.out.printf(Locale.ROOT, "%s: accuracy %.2f%% (%,d words), out-of-vocabulary %.2f%% (%,d words), macro F1 %.4f%n", split,
                100 * m.accuracy(), m.tokens(), 100 * m.oovAccuracy(), m.oovTokens(), m.macroF1());
        StringBuilder perTag = new StringBuilder("  F1 by tag:");
        for (String tag : m.tags()) {
            perTag.append(String.format(Locale.ROOT, " %s %.3f", tag, m.f1(tag)));
        }
        System.out.println(perTag);
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a tagger on a dataset's dev split or a CoNLL-U file.")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Override
        public RunResult call() {
            String split = options.split == null ? "dev" : options.split;
            PosTagModel m = PosTagModel.load(options.model);
            Tagset tagset = Tagset.parse(m.spec().tagset());
            List<TaggedSentence> examples = options.input != null ? ConlluReader.read(options.input, tagset)
                    : PosTagData.load(options.dataset != null ? options.dataset : m.spec().dataset(), null, null, options.dataDir, tagset).split(split);
            org.seqtasks.data.SplitSizes.atLeast(examples, 1, options.input != null ? "file's" : split,
                    options.input != null ? options.input.toString() : m.spec().dataset(), "sentences");
            long t0 = System.nanoTime();
            TaggingMetrics metrics = m.evaluate(examples, 256);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path dir = options.outDir("postag");
            RnnConfig rnn = m.spec().rnn();
            String name = options.input != null ? options.input.getFileName().toString() : options.dataset != null ? options.dataset : m.spec().dataset();
            RunResult run = new RunResult("postag", rnn.label(), name, options.input != null ? "file" : split, m.parameterCount(), 0, 0,
                    new RunResult.Throughput(metrics.tokens() / seconds, "tokens/s"), metrics.asMap(), dir, options.model, null);
            Path file = run.writeMetrics(dir);
            printSummary(name + " " + run.split(), metrics);
            System.out.printf(Locale.ROOT, "tagged %,d words in %.1f s (%.0f tokens/s)%n", metrics.tokens(), seconds, metrics.tokens() / seconds);
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, description = "Print word/TAG for every word of each text.")
    static final class Tag implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "Sentences to tag (split into words like the treebank if they are not).")
        List<String> texts;

        @Override
        public RunResult call() {
            PosTagModel m = PosTagModel.load(model);
            List<List<String>> sentences = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                List<String> words = WordTokenizer.tokenizeKeepingCase(texts.get(i));
                if (words.isEmpty()) {
                    throw new SeqtasksException("text " + (i + 1) + " has no words");
                }
                sentences.add(words);
            }
            List<List<String>> tags = m.tag(sentences, 64);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < sentences.size(); i++) {
                List<String> pairs = new ArrayList<>();
                for (int t = 0; t < sentences.get(i).size(); t++) {
                    pairs.add(sentences.get(i).get(t) + "/" + tags.get(i).get(t));
                }
                out.append(String.join(" ", pairs)).append('\n');
            }
            System.out.print(out);
            RnnConfig rnn = m.spec().rnn();
            return new RunResult("postag", rnn.label(), m.spec().dataset(), "tag", m.parameterCount(), 0, 0,
                    new RunResult.Throughput(0, "tokens/s"), Map.of(), null, model, out.toString());
        }
    }
}
