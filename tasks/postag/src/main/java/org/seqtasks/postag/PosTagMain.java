package org.seqtasks.postag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.RunFolder;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.data.BucketIterator;
import org.seqtasks.data.ChannelSplitIterator;
import org.seqtasks.data.SplitSizes;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.data.WordVectors;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.postag.ConlluReader.Tagset;
import org.seqtasks.report.RunResult;
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
@Command(
        name = "postag",
        mixinStandardHelpOptions = true,
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
     * sentiment, tagging leans on them: out-of-vocabulary words are a tagger's errors (EWT figures in docs/results.md).
     */
    static final int PRETRAINED_EXTRA_WORDS = 50_000;

    /** What each dataset trains with; every number can be overridden on the command line. */
    record Defaults(TrainRecipe train, int wordEmbedding, String embeddings, int featureEmbedding, double wordDropout) {
        static Defaults forDataset(String name, Cell cell, long seed) {
            RnnConfig rnn = RnnConfig.of(cell, seed).bidirectional(true).clip(5);
            if (name.equals("default")) {
                // ~220 sentences: a small model; its ~40-sentence dev split is too small to choose a checkpoint by.
                return of(TrainRecipe.of(rnn.hidden(48).learningRate(1e-2).dropout(0.2))
                                .batch(8)
                                .epochs(25)
                                .keepBest(false))
                        .wordEmbedding(32)
                        .featureEmbedding(8)
                        .wordDropout(0.25);
            }
            // EWT: 2 x 256 per direction on GloVe, dropout and word dropout 0.5 against early overfitting, checkpoints
            // chosen
            // by dev accuracy with the rate halved after each epoch without a better one (docs/results.md).
            return of(TrainRecipe.of(
                                    rnn.hidden(256).layers(2).learningRate(2e-3).dropout(0.5))
                            .batch(32)
                            .epochs(20)
                            .patience(3)
                            .lrDecay(0.5))
                    .wordEmbedding(100)
                    .embeddings(PRETRAINED)
                    .featureEmbedding(16)
                    .wordDropout(0.5);
        }

        /** Words learned from scratch, no word dropout. */
        static Defaults of(TrainRecipe train) {
            return new Defaults(train, 32, "none", 8, 0);
        }

        Defaults wordEmbedding(int v) {
            return new Defaults(train, v, embeddings, featureEmbedding, wordDropout);
        }

        Defaults embeddings(String v) {
            return new Defaults(train, wordEmbedding, v, featureEmbedding, wordDropout);
        }

        Defaults featureEmbedding(int v) {
            return new Defaults(train, wordEmbedding, embeddings, v, wordDropout);
        }

        Defaults wordDropout(double v) {
            return new Defaults(train, wordEmbedding, embeddings, featureEmbedding, v);
        }
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Train a tagger; writes model.zip, metrics.json, curve.csv.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Option(names = "--embedding", description = "Word embedding size.")
        Integer wordEmbedding;

        @Option(
                names = "--embeddings",
                paramLabel = "NAME|FILE|none",
                description = "Start the word embedding from pretrained vectors:"
                        + " a catalog name (" + PRETRAINED
                        + ", the default for the real datasets), a file (GloVe or word2vec text, .gz allowed)"
                        + " or none; the word embedding size becomes theirs.")
        String embeddings;

        @Option(
                names = "--feature-embedding",
                description = "Embedding size of each spelling feature (affixes, shape).")
        Integer featureEmbedding;

        @Option(
                names = "--word-dropout",
                description =
                        "Alpha of word dropout: a word seen n times becomes <unk> with p = alpha/(alpha+n) (0 = off).")
        Double wordDropout;

        @Option(
                names = "--tagset",
                defaultValue = "upos",
                description = "Tag column: upos or xpos. Default: ${DEFAULT-VALUE}.")
        String tagset;

        @Option(
                names = "--dev",
                description = "With --input: a CoNLL-U dev file (default: a seeded tenth of the --input file,"
                        + " held out of training).")
        Path dev;

        @Override
        public RunResult call() {
            PosTagData data =
                    PosTagData.load(options.dataset, options.input, dev, options.dataDir, Tagset.parse(tagset));
            Defaults defaults = Defaults.forDataset(
                    options.input != null || data.name().equals("default") ? "default" : data.name(),
                    options.cell,
                    options.seed);
            PosTagModel model =
                    options.resumeOr(PosTagModel::load, m -> m.spec().rnn(), () -> create(data, defaults));
            RnnConfig rnn = model.spec().rnn();
            BucketIterator<TaggedSentence> train = model.batches(
                    data.train(),
                    options.batch(defaults.train()),
                    true,
                    rnn.seed(),
                    model.wordDropout(data.train(), rnn.seed()));
            printStart(data, model);
            RunFolder out = options.runFolder("postag");
            TrainResult result = options.trainer(defaults.train(), "tokens")
                    .fit(
                            model.graph(),
                            new ChannelSplitIterator(train),
                            train.batchesPerEpoch(),
                            devAccuracy(model, data.dev()),
                            g -> model.save(out.model()),
                            out.curveCsv(),
                            rnn.seed());
            out.curveChart(
                    result.curve(),
                    "postag " + rnn.cell().displayName() + " on " + data.name(),
                    "cross-entropy per word");
            return evaluate(data, model, result, out);
        }

        private static void printStart(PosTagData data, PosTagModel model) {
            RnnConfig rnn = model.spec().rnn();
            long trainTokens =
                    data.train().stream().mapToLong(TaggedSentence::length).sum();
            System.err.printf(
                    Locale.ROOT,
                    "postag %s%s on %s: %d train sentences (%,d words) / %d dev, %d words known, %d tags, %d x %d, %,d parameters%n",
                    rnn.bidirectional() ? "bidirectional " : "",
                    rnn.cell().displayName(),
                    data.name(),
                    data.train().size(),
                    trainTokens,
                    data.dev().size(),
                    model.features().trainWords(),
                    model.tags().size(),
                    rnn.layers(),
                    rnn.hidden(),
                    model.parameterCount());
        }

        /** Training and dev accuracy, tagging speed, metrics.json and the lines a user reads. */
        private static RunResult evaluate(PosTagData data, PosTagModel model, TrainResult result, RunFolder out) {
            RnnConfig rnn = model.spec().rnn();
            TaggingMetrics trainMetrics = model.evaluate(data.train(), 256);
            long t0 = System.nanoTime();
            TaggingMetrics dev = model.evaluate(data.dev(), 256);
            double tagSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> figures = dev.asMap();
            figures.put("trainAccuracy", trainMetrics.accuracy());
            figures.put("taggingTokensPerSecond", dev.tokens() / tagSeconds);
            RunResult run =
                    out.result(rnn.label(), data.name(), "dev", model.parameterCount(), result, "tokens", figures);
            System.out.printf(Locale.ROOT, "train: accuracy %.2f%%%n", 100 * trainMetrics.accuracy());
            printSummary("dev", dev);
            out.printTrained(
                    result,
                    String.format(
                            Locale.ROOT,
                            "%.0f tokens/s; tagging %.0f tokens/s",
                            result.unitsPerSecond(),
                            dev.tokens() / tagSeconds));
            out.printFiles();
            return run;
        }

        /** A new tagger of the dataset's recipe with the options applied, its word embedding started from vectors when asked. */
        private PosTagModel create(PosTagData data, Defaults defaults) {
            WordVectors pretrained = null;
            Path vectors =
                    WordVectors.locate(TrainCommandOptions.or(embeddings, defaults.embeddings()), options.dataDir);
            if (vectors != null) {
                Set<String> words = new HashSet<>();
                data.train().forEach(x -> x.words().forEach(w -> words.add(WordFeatures.Channel.WORD.value(w))));
                pretrained = WordVectors.read(vectors, words, PRETRAINED_EXTRA_WORDS);
            }
            int size = TrainCommandOptions.or(
                    wordEmbedding, pretrained != null ? pretrained.dimension() : defaults.wordEmbedding());
            PosTagModel model = PosTagModel.create(
                    options.config(defaults.train()),
                    data.train(),
                    size,
                    TrainCommandOptions.or(featureEmbedding, defaults.featureEmbedding()),
                    TrainCommandOptions.or(wordDropout, defaults.wordDropout()),
                    pretrained,
                    tagset.toLowerCase(Locale.ROOT),
                    data.name());
            if (pretrained != null) {
                System.err.println("pretrained word vectors: " + model.spec().pretrained());
            }
            return model;
        }
    }

    /**
     * Checkpoints are chosen by dev accuracy, the figure a tagger reports, not by dev loss: on EWT the loss turns up an
     * epoch or more before the accuracy stops improving (docs/results.md).
     */
    private static Trainer.Validation<ComputationGraph> devAccuracy(PosTagModel model, List<TaggedSentence> dev) {
        return Trainer.Validation.byError(g -> {
            TaggingMetrics m = model.evaluate(dev, 256);
            return new Trainer.Measured(m.nll(), 1 - m.accuracy());
        });
    }

    static void printSummary(String split, TaggingMetrics m) {
        System.out.printf(
                Locale.ROOT,
                "%s: accuracy %.2f%% (%,d words), out-of-vocabulary %.2f%% (%,d words), macro F1 %.4f%n",
                split,
                100 * m.accuracy(),
                m.tokens(),
                100 * m.oovAccuracy(),
                m.oovTokens(),
                m.macroF1());
        StringBuilder perTag = new StringBuilder("  F1 by tag:");
        for (String tag : m.tags()) {
            perTag.append(String.format(Locale.ROOT, " %s %.3f", tag, m.f1(tag)));
        }
        System.out.println(perTag);
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = "Evaluate a tagger on a dataset's dev split or a CoNLL-U file.")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Override
        public RunResult call() {
            String split = options.split == null ? "dev" : options.split;
            PosTagModel m = PosTagModel.load(options.model);
            Tagset tagset = Tagset.parse(m.spec().tagset());
            List<TaggedSentence> examples = options.input != null
                    ? ConlluReader.read(options.input, tagset)
                    : PosTagData.load(
                                    options.dataset != null
                                            ? options.dataset
                                            : m.spec().dataset(),
                                    null,
                                    null,
                                    options.dataDir,
                                    tagset)
                            .split(split);
            SplitSizes.atLeast(
                    examples,
                    1,
                    options.input != null ? "file's" : split,
                    options.input != null ? options.input.toString() : m.spec().dataset(),
                    "sentences");
            long t0 = System.nanoTime();
            TaggingMetrics metrics = m.evaluate(examples, 256);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path dir = options.outDir("postag");
            RnnConfig rnn = m.spec().rnn();
            String name = options.input != null
                    ? options.input.getFileName().toString()
                    : options.dataset != null ? options.dataset : m.spec().dataset();
            RunResult run = RunResult.evaluated(
                    "postag",
                    rnn.label(),
                    name,
                    options.input != null ? "file" : split,
                    m.parameterCount(),
                    metrics.tokens() / seconds,
                    "tokens",
                    metrics.asMap(),
                    dir,
                    options.model);
            Path file = run.writeMetrics(dir);
            printSummary(name + " " + run.split(), metrics);
            System.out.printf(
                    Locale.ROOT,
                    "tagged %,d words in %.1f s (%.0f tokens/s)%n",
                    metrics.tokens(),
                    seconds,
                    metrics.tokens() / seconds);
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, description = "Print word/TAG for every word of each text.")
    static final class Tag implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Parameters(
                paramLabel = "TEXT",
                arity = "1..*",
                description = "Sentences to tag (split into words like the treebank if they are not).")
        List<String> texts;

        @Override
        public RunResult call() {
            PosTagModel m = PosTagModel.load(model);
            List<List<String>> sentences = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                List<String> words = WordTokenizer.tokenizeKeepingCase(texts.get(i));
                if (words.isEmpty()) {
                    throw new UserFacingException("text " + (i + 1) + " has no words");
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
            return RunResult.evaluated(
                            "postag",
                            rnn.label(),
                            m.spec().dataset(),
                            "tag",
                            m.parameterCount(),
                            0,
                            "tokens",
                            Map.of(),
                            null,
                            model)
                    .withText(out.toString());
        }
    }
}
