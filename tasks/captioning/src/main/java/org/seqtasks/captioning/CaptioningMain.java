package org.seqtasks.captioning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqtasks.captioning.SceneGenerator.Split;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.model.RnnConfig;
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
 * Image captioning, the lecture's one-to-many shape: one image in, a sentence out.
 *
 * <pre>
 * ./seqtasks captioning train [--cell rnn|lstm] [--train-images N] [--input RENDER_DIR | --features F --captions C] ...
 * ./seqtasks captioning eval --model runs/.../model.zip [--split dev|test|compositional] [--beam K]
 * ./seqtasks captioning caption --model runs/.../model.zip scene1.png scene2.png
 * ./seqtasks captioning render --out DIR [--count N] [--seed S]
 * </pre>
 */
@Command(name = "captioning", mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description = "Image captioning (one-to-many): render scenes, train, eval, caption (SimpleRnn or LSTM decoder).",
        subcommands = {CaptioningMain.Train.class, CaptioningMain.Eval.class, CaptioningMain.CaptionImages.class,
                CaptioningMain.Render.class})
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
        @Option(names = "--features", description = "Precomputed image features: ID<TAB>v1 v2 ... per line (needs --captions).")
        Path features;

        @Option(names = "--captions", description = "Captions for --features: ID<TAB>caption per line, several per ID allowed.")
        Path captions;

        @Option(names = "--beam", defaultValue = "1", description = "Beam width for the generated captions (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Option(names = "--max-length", defaultValue = "0", description = "Longest caption generated, in words (0 = the model's limit).")
        int maxLength;

        void check() {
            if ((features == null) != (captions == null)) {
                throw new SeqtasksException("--features and --captions go together");
            }
            if (beam < 1) {
                throw new SeqtasksException("--beam must be >= 1, got " + beam);
            }
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a captioner; writes model.zip, metrics.json, curve.csv. No options: renders a seeded scene set and trains for 3 minutes.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Mixin
        DataOptions data;

        @Option(names = "--train-images", defaultValue = "8000",
                description = "Rendered training scenes when no --input/--features is given. Default: ${DEFAULT-VALUE}.")
        int trainImages;

        @Option(names = "--embedding", defaultValue = "32", description = "Word embedding size. Default: ${DEFAULT-VALUE}.")
        int embedding;

        @Option(names = "--image-vector", defaultValue = "128", description = "Width of the image encoding fed to every decoder step. Default: ${DEFAULT-VALUE}.")
        int imageVector;

        @Option(names = "--min-freq", defaultValue = "1", description = "Caption words seen fewer times in training become <unk>. Default: ${DEFAULT-VALUE}.")
        int minFrequency;

        @Override
        public RunResult call() {
            data.check();
            CaptioningData images = loadData();
            if (images.split(Split.TRAIN).isEmpty() || images.split(Split.DEV).isEmpty()) {
                throw new SeqtasksException(images.name() + ": training needs train and dev images");
            }
            Path out = options.outDir(TASK);
            CaptioningModel model;
            if (options.resume != null) {
                model = CaptioningModel.load(options.resume.resolve("model.zip"));
                options.reportRecipeDifferences(model.spec().rnn());
            } else {
                RnnConfig defaults = new RnnConfig(options.cell, 128, 1, false, 0, 5, 5e-3, 0, 0, options.seed);
                model = CaptioningModel.create(options.config(defaults), images.split(Split.TRAIN), imageVector, embedding, minFrequency,
                        images.name(), options.seed);
            }
            RnnConfig rnn = model.spec().rnn();
            int batch = TrainCommandOptions.or(options.batch, 32);
            CaptionBatches train = new CaptionBatches(model, images.split(Split.TRAIN), batch, rnn.seed());
            System.err.printf(Locale.ROOT, "captioning %s on %s: %d train / %d dev / %d test / %d compositional images, vocabulary %d, %,d parameters%n",
                    rnn.cell().displayName(), images.name(), images.split(Split.TRAIN).size(), images.split(Split.DEV).size(),
                    images.split(Split.TEST).size(), images.split(Split.COMPOSITIONAL).size(), model.vocabulary().size(), model.parameterCount());
            double minutes = TrainCommandOptions.or(options.maxMinutes, options.epochs == null ? 3.0 : 0.0);
            // A dev split of a few images (a tiny render folder) is too small to choose a checkpoint by: the
            // model is then the last epoch's.
            boolean keepBest = images.split(Split.DEV).size() >= MIN_DEV_FOR_CHECKPOINTS;
            TrainOptions trainOptions = new TrainOptions(TrainCommandOptions.or(options.epochs, 1000), minutes,
                    TrainCommandOptions.or(options.validateEvery, 0), options.patience, "words", options.progressBar(), keepBest,
                    TrainCommandOptions.or(options.lrDecay, 1.0));
            Path modelFile = out.resolve("model.zip");
            Cli.createFolder(out);
            List<CaptionedImage> dev = images.split(Split.DEV);
            TrainResult result = options.trainer(trainOptions).fit(model.graph(), train, train.batchesPerEpoch(),
                    g -> model.nll(dev, DECODE_BATCH), g -> model.save(modelFile), out.resolve("curve.csv"), rnn.seed());
            CurveChart.write(result.curve(), "captioning " + rnn.cell().displayName() + " on " + images.name(), "cross-entropy per word",
                    out.resolve("curve.png"));

            Map<String, Object> figures = new LinkedHashMap<>();
            List<CaptionedImage> test = images.split(Split.TEST);
            List<CaptioningModel.Caption> testCaptions = model.caption(test, data.beam, data.maxLength, DECODE_BATCH);
            CaptionScores testScores = score(test, testCaptions);
            figures.putAll(testScores.asMap());
            if (!images.split(Split.COMPOSITIONAL).isEmpty()) {
                CaptionScores comp = score(images.split(Split.COMPOSITIONAL),
                        model.caption(images.split(Split.COMPOSITIONAL), data.beam, data.maxLength, DECODE_BATCH));
                figures.put("compositional", comp.asMap());
                figures.put("heldOutPairs", SceneGenerator.HELD_OUT.stream().map(Object::toString).toList());
            }
            figures.put("devNll", model.nll(dev, DECODE_BATCH));
            figures.put("testNll", model.nll(test, DECODE_BATCH));
            figures.put("beam", data.beam);
            figures.put("iterations", result.iterations());
            figures.put("stopReason", result.stopReason().name());
            double wordsPerImage = averageWords(images.split(Split.TRAIN)) + 1;
            figures.put("imagesPerSecond", result.unitsPerSecond() / wordsPerImage);
            RunResult run = new RunResult(TASK, rnn.label(), images.name(), "test", model.parameterCount(), result.epochs(),
                    result.trainSeconds(), new RunResult.Throughput(result.unitsPerSecond(), "words/s"), figures, out, modelFile, null);
            Path metricsFile = run.writeMetrics(out);
            printScores("test", testScores);
            if (figures.get("compositional") instanceof Map<?, ?> comp) {
                System.out.printf(Locale.ROOT, "compositional (held-out colour+shape pairs %s): exact match %.2f%%, BLEU-4 %.4f%n",
                        SceneGenerator.HELD_OUT, 100 * ((Number) comp.get("exactMatch")).doubleValue(), ((Number) comp.get("bleu4")).doubleValue());
            }
            System.out.printf(Locale.ROOT, "trained %.2f epochs in %.0f s (%.0f words/s, %.0f images/s), stopped by %s%n", result.epochs(),
                    result.trainSeconds(), result.unitsPerSecond(), result.unitsPerSecond() / wordsPerImage,
                    result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            System.out.println("examples (test):");
            for (int i = 0; i < Math.min(5, test.size()); i++) {
                System.out.printf("  truth: %s%n  model: %s%n", String.join(" ", test.get(i).references().get(0)),
                        String.join(" ", testCaptions.get(i).words()));
            }
            System.out.println("model:   " + modelFile);
            System.out.println("metrics: " + metricsFile);
            return run;
        }

        private CaptioningData loadData() {
            if (data.features != null) {
                return CaptioningData.features(data.features, data.captions, options.seed);
            }
            if (options.input != null) {
                return CaptioningData.readRenderFolder(options.input);
            }
            if (options.dataset != null && !options.dataset.equals("default") && !options.dataset.equals("rendered")) {
                throw new org.seqtasks.cli.UsageException("--dataset", "captioning has no catalog dataset '" + options.dataset
                        + "': it renders its own scenes (default), or reads --input RENDER_DIR or --features/--captions");
            }
            if (trainImages < 1) {
                throw new SeqtasksException("--train-images must be >= 1");
            }
            System.err.printf("rendering %d training scenes (seed %d)...%n", trainImages, options.seed);
            return CaptioningData.rendered(options.seed, trainImages, Math.min(MIN_EVAL_IMAGES, Math.max(1, trainImages)));
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Caption a split and score it: BLEU-1..4, exact match, per-attribute accuracy, by number of objects.")
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
                    compositional = CaptioningData.renderedSplit(spec.dataSeed(), spec.trainImages(), minEval, Split.COMPOSITIONAL);
                }
            } else {
                throw new SeqtasksException("this model was trained on " + spec.dataset() + "; give --features/--captions or --input to evaluate it");
            }
            if (images.isEmpty()) {
                throw new SeqtasksException(dataset + ": no " + split.id() + " images");
            }
            long t0 = System.nanoTime();
            CaptionScores scores = score(images, model.caption(images, data.beam, data.maxLength, DECODE_BATCH));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> figures = new LinkedHashMap<>(scores.asMap());
            if (!compositional.isEmpty()) {
                figures.put("compositional", score(compositional, model.caption(compositional, data.beam, data.maxLength, DECODE_BATCH)).asMap());
                figures.put("heldOutPairs", SceneGenerator.HELD_OUT.stream().map(Object::toString).toList());
            }
            figures.put("nll", model.nll(images, DECODE_BATCH));
            figures.put("beam", data.beam);
            Path dir = options.outDir(TASK);
            RunResult run = new RunResult(TASK, spec.rnn().label(), dataset, data.features != null ? "file" : split.id(), model.parameterCount(),
                    0, 0, new RunResult.Throughput(images.size() / seconds, "images/s"), figures, dir, options.model, null);
            Path file = run.writeMetrics(dir);
            printScores(dataset + " " + run.split(), scores);
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(name = "caption", mixinStandardHelpOptions = true, description = "Print a caption for each image file (PNG, JPEG, ...).")
    static final class CaptionImages implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Option(names = "--beam", defaultValue = "1", description = "Beam width (1 = greedy). Default: ${DEFAULT-VALUE}.")
        int beam;

        @Option(names = "--max-length", defaultValue = "0", description = "Longest caption, in words (0 = the model's limit).")
        int maxLength;

        @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files; scaled to the model's input size.")
        List<Path> files;

        @Override
        public RunResult call() {
            if (beam < 1) {
                throw new SeqtasksException("--beam must be >= 1, got " + beam);
            }
            CaptioningModel m = CaptioningModel.load(model);
            if (!m.spec().pixels()) {
                throw new SeqtasksException(model + " reads precomputed features, not images; use `captioning eval --features ... --captions ...`");
            }
            List<CaptionedImage> images = new ArrayList<>();
            for (Path file : files) {
                byte[] pixels = SceneRenderer.channelsFirst(CaptioningData.readImage(file, ""), m.spec().imageSize());
                images.add(CaptionedImage.rendered(file.toString(), pixels, List.of("?")));
            }
            List<CaptioningModel.Caption> captions = m.caption(images, beam, maxLength, DECODE_BATCH);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < files.size(); i++) {
                out.append(files.get(i)).append('\t').append(String.join(" ", captions.get(i).words()))
                        .append(captions.get(i).ended() ? "" : " ...").append('\n');
            }
            System.out.print(out);
            return new RunResult(TASK, m.spec().rnn().label(), m.spec().dataset(), "caption", m.parameterCount(), 0, 0,
                    new RunResult.Throughput(0, "images/s"), Map.of(), null, model, out.toString());
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Write rendered scenes as PNGs plus captions.tsv: --count training images, a tenth as many for dev, test and compositional.")
    static final class Render implements Callable<RunResult> {
        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;

        @Option(names = "--count", defaultValue = "1000", description = "Training images; dev, test and compositional get a tenth each (at least 1). Default: ${DEFAULT-VALUE}.")
        int count;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the scenes. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public RunResult call() {
            if (count < 1) {
                throw new SeqtasksException("--count must be >= 1, got " + count);
            }
            Map<Split, Integer> counts = new EnumMap<>(Split.class);
            for (Split split : Split.values()) {
                counts.put(split, split == Split.TRAIN ? count : Math.max(1, count / 10));
            }
            Path captions = CaptioningData.writeRenderFolder(Cli.createFolder(out), seed, counts);
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            String perSplit = String.join(", ", counts.entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).toList());
            String text = String.format(Locale.ROOT, "wrote %d images under %s (%s), captions in %s%n", total, out, perSplit, captions);
            System.out.print(text);
            return new RunResult(TASK, "none", "rendered", "render", 0, 0, 0, new RunResult.Throughput(0, "images/s"),
                    Map.of("images", total), out, null, text);
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
        return images.stream().flatMap(i -> i.references().stream()).mapToInt(List::size).average().orElse(0);
    }

    static void printScores(String what, CaptionScores s) {
        System.out.printf(Locale.ROOT, "%s: exact match %.2f%%, BLEU-1..4 %.4f %.4f %.4f %.4f (%d images)%n", what, 100 * s.exactMatch(),
                s.bleu(1), s.bleu(2), s.bleu(3), s.bleu(4), s.captions());
        if (!Double.isNaN(s.accuracy("colour"))) {
            System.out.printf(Locale.ROOT, "  attributes: size %.2f%%, colour %.2f%%, shape %.2f%%, relation %.2f%%, object count %.2f%%%n",
                    100 * s.accuracy("size"), 100 * s.accuracy("colour"), 100 * s.accuracy("shape"), 100 * s.accuracy("relation"),
                    100 * s.accuracy("objectCount"));
            s.byObjects().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %d object%s: exact match %.2f%%, BLEU-4 %.4f (%d images)%n",
                    k, k == 1 ? "" : "s", 100 * v.exactMatch(), v.bleu(4), v.captions()));
        }
    }
}
