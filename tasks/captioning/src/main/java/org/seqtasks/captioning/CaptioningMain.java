package org.seqtasks.captioning;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqtasks.UserFacingException;
import org.seqtasks.captioning.SceneGenerator.Split;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.RunFolder;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.cli.UsageException;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Image captioning, the lecture's one-to-many shape: one image in, a sentence out.
 *
 * <pre>
 * ./seqtasks captioning train [--cell rnn|lstm] [--train-images N] [--input RENDER_DIR | --features F --captions C] ...
 * ./seqtasks captioning eval --model runs/.../model.zip [--split dev|test|compositional] [--beam K]
 * ./seqtasks captioning caption --model runs/.../model.zip scene1.png scene2.png
 * ./seqtasks captioning render --out DIR [--count N] [--seed S]
 * </pre>
 */
@Command(
        name = "captioning",
        mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description =
                "Image captioning (one-to-many): render scenes, train, eval, caption (SimpleRnn or LSTM decoder).",
        subcommands = {
            CaptioningMain.Train.class,
            CaptioningMain.Eval.class,
            CaptioningMain.CaptionImages.class,
            CaptioningMain.Render.class
        })
public final class CaptioningMain {
    static final String TASK = "captioning";
    /** Dev/test/compositional images when rendering on the fly: a tenth of the training set, at least this many. */
    static final int MIN_EVAL_IMAGES = 300;

    static final int DECODE_BATCH = 256;
    static final int MIN_DEV_FOR_CHECKPOINTS = 50;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(Cli.execute(new CaptioningMain(), args));
    }

    /** Runs one subcommand and returns its result (tests and {@code compare} call this). */
    public static RunResult run(String... args) {
        System.setProperty("java.awt.headless", "true");
        return Cli.run(new CaptioningMain(), args);
    }

    /** Where the images come from, shared by train and eval. */
    static final class DataOptions {
        @Option(
                names = "--features",
                description = "Precomputed image features: ID<TAB>v1 v2 ... per line (needs --captions).")
        Path features;

        @Option(
                names = "--captions",
                description = "Captions for --features: ID<TAB>caption per line, several per ID allowed.")
        Path captions;

        @Option(
                names = "--beam",
                defaultValue = "1",
                description = "Beam width for the generated captions (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Option(
                names = "--max-length",
                defaultValue = "0",
                description = "Longest caption generated, in words (0 = the model's limit).")
        int maxLength;

        void check() {
            if ((features == null) != (captions == null)) {
                throw new UserFacingException("--features and --captions go together");
            }
            if (beam < 1) {
                throw new UserFacingException("--beam must be >= 1, got " + beam);
            }
        }
    }

    /**
     * The decoder's recipe: 1 x 128 units, Adam 5e-3, batches of 32, three minutes of training unless {@code --epochs}
     * says how many; the checkpoint is the best dev point when the dev split is large enough to choose by.
     */
    static TrainRecipe recipe(Cell cell, long seed, int devImages) {
        return TrainRecipe.of(RnnConfig.of(cell, seed).hidden(128).clip(5).learningRate(5e-3))
                .batch(32)
                .epochs(1000)
                .minutesUnlessEpochs(3)
                .keepBest(devImages >= MIN_DEV_FOR_CHECKPOINTS);
    }

    /** Rendered training scenes by default (dev, test and compositional get a tenth as many each, at least 300). */
    static final int TRAIN_IMAGES = 8000;
    /** Word embedding size, for the rendered captions' small vocabulary. */
    static final int EMBEDDING = 32;
    /** Width of the image encoding fed to every decoder step. */
    static final int IMAGE_VECTOR = 128;
    /** Caption words seen fewer times become {@code <unk>}; 1 keeps every word. */
    static final int MIN_FREQUENCY = 1;

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description =
                    "Train a captioner; writes model.zip, metrics.json, curve.csv. No options: renders a seeded scene set and trains for 3 minutes.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Mixin
        DataOptions data;

        @Option(
                names = "--train-images",
                defaultValue = "" + TRAIN_IMAGES,
                description =
                        "Rendered training scenes when no --input/--features is given. Default: ${DEFAULT-VALUE}.")
        int trainImages;

        @Option(
                names = "--embedding",
                defaultValue = "" + EMBEDDING,
                description = "Word embedding size. Default: ${DEFAULT-VALUE}.")
        int embedding;

        @Option(
                names = "--image-vector",
                defaultValue = "" + IMAGE_VECTOR,
                description = "Width of the image encoding fed to every decoder step. Default: ${DEFAULT-VALUE}.")
        int imageVector;

        @Option(
                names = "--min-freq",
                defaultValue = "" + MIN_FREQUENCY,
                description = "Caption words seen fewer times in training become <unk>. Default: ${DEFAULT-VALUE}.")
        int minFrequency;

        @Override
        public RunResult call() {
            data.check();
            CaptioningData images = loadData();
            if (images.split(Split.TRAIN).isEmpty() || images.split(Split.DEV).isEmpty()) {
                throw new UserFacingException(images.name() + ": training needs train and dev images");
            }
            Path outDir = options.outDir(TASK);
            List<CaptionedImage> dev = images.split(Split.DEV);
            TrainRecipe recipe = recipe(options.cell, options.seed, dev.size());
            CaptioningModel model = options.resumeOr(
                    CaptioningModel::load,
                    m -> m.spec().rnn(),
                    () -> CaptioningModel.create(
                            options.config(recipe),
                            images.split(Split.TRAIN),
                            imageVector,
                            embedding,
                            minFrequency,
                            images.name(),
                            options.seed));
            RnnConfig rnn = model.spec().rnn();
            CaptionBatches train =
                    new CaptionBatches(model, images.split(Split.TRAIN), options.batch(recipe), rnn.seed());
            printStart(images, model);
            RunFolder out = RunFolder.create(TASK, outDir);
            TrainResult result = options.trainer(recipe, "words")
                    .fit(
                            model.graph(),
                            train,
                            train.batchesPerEpoch(),
                            g -> model.nll(dev, DECODE_BATCH),
                            g -> model.save(out.model()),
                            out.curveCsv(),
                            rnn.seed());
            out.curveChart(
                    result.curve(),
                    "captioning " + rnn.cell().displayName() + " on " + images.name(),
                    "cross-entropy per word");
            return evaluate(images, model, result, out);
        }

        private static void printStart(CaptioningData images, CaptioningModel model) {
            RnnConfig rnn = model.spec().rnn();
            System.err.printf(
                    Locale.ROOT,
                    "captioning %s on %s: %d train / %d dev / %d test / %d compositional images, vocabulary %d, %,d parameters%n",
                    rnn.cell().displayName(),
                    images.name(),
                    images.split(Split.TRAIN).size(),
                    images.split(Split.DEV).size(),
                    images.split(Split.TEST).size(),
                    images.split(Split.COMPOSITIONAL).size(),
                    model.vocabulary().size(),
                    model.parameterCount());
        }

        /** Test and compositional figures, metrics.json and the lines a user reads. */
        private RunResult evaluate(CaptioningData images, CaptioningModel model, TrainResult result, RunFolder out) {
            RnnConfig rnn = model.spec().rnn();
            List<CaptionedImage> test = images.split(Split.TEST);
            List<CaptioningModel.Caption> testCaptions = model.caption(test, data.beam, data.maxLength, DECODE_BATCH);
            CaptionScores testScores = score(test, testCaptions);
            double wordsPerImage = averageWords(images.split(Split.TRAIN)) + 1;
            RunResult run = out.result(
                    rnn.label(),
                    images.name(),
                    "test",
                    model.parameterCount(),
                    result,
                    "words",
                    figures(model, images, testScores, result.unitsPerSecond() / wordsPerImage));
            printScores("test", testScores);
            if (run.metrics().get("compositional") instanceof Map<?, ?> comp) {
                System.out.printf(
                        Locale.ROOT,
                        "compositional (held-out colour+shape pairs %s): exact match %.2f%%, BLEU-4 %.4f%n",
                        SceneGenerator.HELD_OUT,
                        100 * ((Number) comp.get("exactMatch")).doubleValue(),
                        ((Number) comp.get("bleu4")).doubleValue());
            }
            out.printTrained(
                    result,
                    String.format(
                            Locale.ROOT,
                            "%.0f words/s, %.0f images/s",
                            result.unitsPerSecond(),
                            result.unitsPerSecond() / wordsPerImage));
            System.out.println("examples (test):");
            for (int i = 0; i < Math.min(5, test.size()); i++) {
                System.out.printf(
                        "  truth: %s%n  model: %s%n",
                        String.join(" ", test.get(i).references().get(0)),
                        String.join(" ", testCaptions.get(i).words()));
            }
            out.printFiles();
            return run;
        }

        /** The test scores, the compositional split's when there is one, both splits' loss and the decoding settings. */
        private Map<String, Object> figures(
                CaptioningModel model, CaptioningData images, CaptionScores testScores, double imagesPerSecond) {
            Map<String, Object> figures = new LinkedHashMap<>(testScores.asMap());
            if (!images.split(Split.COMPOSITIONAL).isEmpty()) {
                CaptionScores comp = score(
                        images.split(Split.COMPOSITIONAL),
                        model.caption(images.split(Split.COMPOSITIONAL), data.beam, data.maxLength, DECODE_BATCH));
                figures.put("compositional", comp.asMap());
                figures.put(
                        "heldOutPairs",
                        SceneGenerator.HELD_OUT.stream().map(Object::toString).toList());
            }
            figures.put("devNll", model.nll(images.split(Split.DEV), DECODE_BATCH));
            figures.put("testNll", model.nll(images.split(Split.TEST), DECODE_BATCH));
            figures.put("beam", data.beam);
            figures.put("imagesPerSecond", imagesPerSecond);
            return figures;
        }

        private CaptioningData loadData() {
            if (data.features != null) {
                return CaptioningData.features(data.features, data.captions, options.seed);
            }
            if (options.input != null) {
                return CaptioningData.readRenderFolder(options.input);
            }
            if (options.dataset != null && !options.dataset.equals("default") && !options.dataset.equals("rendered")) {
                throw new UsageException(
                        "--dataset",
                        "captioning has no catalog dataset '" + options.dataset
                                + "': it renders its own scenes (default), or reads --input RENDER_DIR or --features/--captions");
            }
            if (trainImages < 1) {
                throw new UserFacingException("--train-images must be >= 1");
            }
            System.err.printf("rendering %d training scenes (seed %d)...%n", trainImages, options.seed);
            return CaptioningData.rendered(
                    options.seed, trainImages, Math.min(MIN_EVAL_IMAGES, Math.max(1, trainImages)));
        }
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description =
                    "Caption a split and score it: BLEU-1..4, exact match, per-attribute accuracy, by number of objects.")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Mixin
        DataOptions data;

        @Override
        public RunResult call() {
            data.check();
            CaptioningModel model = CaptioningModel.load(options.model);
            CaptioningModel.Spec spec = model.spec();
            Split split = Split.parse(options.split == null ? "test" : options.split);
            String dataset;
            List<CaptionedImage> images;
            List<CaptionedImage> compositional = List.of();
            if (data.features != null) {
                images = FeatureFiles.read(data.features, data.captions);
                dataset = data.features.getFileName().toString();
            } else if (options.input != null) {
                CaptioningData folder = CaptioningData.readRenderFolder(options.input);
                images = folder.split(split);
                dataset = folder.name();
                if (split == Split.TEST) {
                    compositional = folder.split(Split.COMPOSITIONAL);
                }
            } else if (spec.dataset().equals("rendered")) {
                int minEval = Math.min(MIN_EVAL_IMAGES, Math.max(1, spec.trainImages()));
                images = CaptioningData.renderedSplit(spec.dataSeed(), spec.trainImages(), minEval, split);
                dataset = "rendered";
                if (split == Split.TEST) {
                    compositional = CaptioningData.renderedSplit(
                            spec.dataSeed(), spec.trainImages(), minEval, Split.COMPOSITIONAL);
                }
            } else {
                throw new UserFacingException("this model was trained on " + spec.dataset()
                        + "; give --features/--captions or --input to evaluate it");
            }
            if (images.isEmpty()) {
                throw new UserFacingException(dataset + ": no " + split.id() + " images");
            }
            long t0 = System.nanoTime();
            CaptionScores scores = score(images, model.caption(images, data.beam, data.maxLength, DECODE_BATCH));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>(scores.asMap());
            if (!compositional.isEmpty()) {
                figures.put(
                        "compositional",
                        score(compositional, model.caption(compositional, data.beam, data.maxLength, DECODE_BATCH))
                                .asMap());
                figures.put(
                        "heldOutPairs",
                        SceneGenerator.HELD_OUT.stream().map(Object::toString).toList());
            }
            figures.put("nll", model.nll(images, DECODE_BATCH));
            figures.put("beam", data.beam);
            Path dir = options.outDir(TASK);
            RunResult run = RunResult.evaluated(
                    TASK,
                    spec.rnn().label(),
                    dataset,
                    data.features != null ? "file" : split.id(),
                    model.parameterCount(),
                    images.size() / seconds,
                    "images",
                    figures,
                    dir,
                    options.model);
            Path file = run.writeMetrics(dir);
            printScores(dataset + " " + run.split(), scores);
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(
            name = "caption",
            mixinStandardHelpOptions = true,
            description = "Print a caption for each image file (PNG, JPEG, ...).")
    static final class CaptionImages implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Option(
                names = "--beam",
                defaultValue = "1",
                description = "Beam width (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Option(
                names = "--max-length",
                defaultValue = "0",
                description = "Longest caption, in words (0 = the model's limit).")
        int maxLength;

        @Parameters(
                paramLabel = "IMAGE",
                arity = "1..*",
                description = "Image files; scaled to the model's input size.")
        List<Path> files;

        @Override
        public RunResult call() {
            if (beam < 1) {
                throw new UserFacingException("--beam must be >= 1, got " + beam);
            }
            CaptioningModel m = CaptioningModel.load(model);
            if (!m.spec().pixels()) {
                throw new UserFacingException(
                        model
                                + " reads precomputed features, not images; use `captioning eval --features ... --captions ...`");
            }
            List<CaptioningModel.Caption> captions = m.captionFiles(files, beam, maxLength, DECODE_BATCH);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < files.size(); i++) {
                out.append(files.get(i))
                        .append('\t')
                        .append(String.join(" ", captions.get(i).words()))
                        .append(captions.get(i).ended() ? "" : " ...")
                        .append('\n');
            }
            System.out.print(out);
            return RunResult.evaluated(
                            TASK,
                            m.spec().rnn().label(),
                            m.spec().dataset(),
                            "caption",
                            m.parameterCount(),
                            0,
                            "images",
                            Map.of(),
                            null,
                            model)
                    .withText(out.toString());
        }
    }

    @Command(
            name = "render",
            mixinStandardHelpOptions = true,
            description =
                    "Write rendered scenes as PNGs plus captions.tsv: --count training images, a tenth as many for dev, test and compositional.")
    static final class Render implements Callable<RunResult> {
        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Option(
                names = "--count",
                defaultValue = "1000",
                description =
                        "Training images; dev, test and compositional get a tenth each (at least 1). Default: ${DEFAULT-VALUE}.")
        int count;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the scenes. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public RunResult call() {
            if (count < 1) {
                throw new UserFacingException("--count must be >= 1, got " + count);
            }
            Map<Split, Integer> counts = new EnumMap<>(Split.class);
            for (Split split : Split.values()) {
                counts.put(split, split == Split.TRAIN ? count : Math.max(1, count / 10));
            }
            Path captions = CaptioningData.writeRenderFolder(Cli.createFolder(out), seed, counts);
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            String perSplit = String.join(
                    ", ",
                    counts.entrySet().stream()
                            .map(e -> e.getKey().id() + " " + e.getValue())
                            .toList());
            String text = String.format(
                    Locale.ROOT, "wrote %d images under %s (%s), captions in %s%n", total, out, perSplit, captions);
            System.out.print(text);
            return RunResult.evaluated(
                            TASK, "none", "rendered", "render", 0, 0, "images", Map.of("images", total), out, null)
                    .withText(text);
        }
    }

    static CaptionScores score(List<CaptionedImage> images, List<CaptioningModel.Caption> captions) {
        CaptionScores scores = new CaptionScores();
        for (int i = 0; i < images.size(); i++) {
            scores.add(captions.get(i).words(), images.get(i).references());
        }
        return scores;
    }

    static double averageWords(List<CaptionedImage> images) {
        return images.stream()
                .flatMap(i -> i.references().stream())
                .mapToInt(List::size)
                .average()
                .orElse(0);
    }

    static void printScores(String what, CaptionScores s) {
        System.out.printf(
                Locale.ROOT,
                "%s: exact match %.2f%%, BLEU-1..4 %.4f %.4f %.4f %.4f (%d images)%n",
                what,
                100 * s.exactMatch(),
                s.bleu(1),
                s.bleu(2),
                s.bleu(3),
                s.bleu(4),
                s.captions());
        if (!Double.isNaN(s.accuracy("colour"))) {
            System.out.printf(
                    Locale.ROOT,
                    "  attributes: size %.2f%%, colour %.2f%%, shape %.2f%%, relation %.2f%%, object count %.2f%%%n",
                    100 * s.accuracy("size"),
                    100 * s.accuracy("colour"),
                    100 * s.accuracy("shape"),
                    100 * s.accuracy("relation"),
                    100 * s.accuracy("objectCount"));
            s.byObjects()
                    .forEach((k, v) -> System.out.printf(
                            Locale.ROOT,
                            "  %d object%s: exact match %.2f%%, BLEU-4 %.4f (%d images)%n",
                            k,
                            k == 1 ? "" : "s",
                            100 * v.exactMatch(),
                            v.bleu(4),
                            v.captions()));
        }
    }
}
