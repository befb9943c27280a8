package org.seqtasks.captioning;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.SequenceCrossEntropy;
import org.seqtasks.model.BeamSearch;
import org.seqtasks.model.ModelArchive;
import org.seqtasks.model.OneToManyDecoder;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.model.layers.BatchOneRecurrence;

/**
 * A trained captioner: an image encoder (a small CNN on rendered pixels, or one dense layer on precomputed
 * features) gives one vector per image; {@link OneToManyDecoder} turns it into words, the previous word's
 * embedding and the image vector feeding every step of a SimpleRnn or LSTM. Trained with teacher forcing:
 * the input is {@code <bos> w1 .. wn}, the target {@code w1 .. wn <eos>}, padding masked out. Holds its word
 * vocabulary and recipe.
 */
public final class CaptioningModel {
    static final String IMAGE = "image";
    static final String WORDS = "words";
    static final String ENCODED = "imageVector";
    static final List<String> SPECIALS = List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS);
    /**
     * Images per encoder forward pass when decoding: the CNN's gemms and libnd4j's per-op overhead want many images a
     * pass. Through {@link ImageEncoder}, 800 rendered test images took 2.8-4.6 s one at a time and 0.6-1.1 s in passes
     * of 64 to 800 (no gain beyond 64; a loaded 2-core machine). At 128 a pass's largest buffer (the 3x3 convolution's
     * im2col, 41k floats an image) is about 21 MB.
     */
    static final int ENCODE_BATCH = 128;

    /**
     * The recipe saved with the model. {@code imageSize} is the side of the square RGB input for pixel
     * models (0 for features); {@code featureSize} the width of a precomputed feature vector (0 for pixels).
     */
    public record Spec(
            RnnConfig rnn,
            int imageSize,
            int featureSize,
            int imageVector,
            int embedding,
            int maxLength,
            String dataset,
            long dataSeed,
            int trainImages,
            String createdAt) {
        public boolean pixels() {
            return imageSize > 0;
        }
    }

    private final ComputationGraph graph;
    private final Vocabulary vocabulary;
    private final Spec spec;
    private final List<String> recurrentLayers = new ArrayList<>();
    private final ImageEncoder encoder;

    public CaptioningModel(ComputationGraph graph, Vocabulary vocabulary, Spec spec) {
        this.graph = graph;
        this.vocabulary = vocabulary;
        this.spec = spec;
        for (var layer : graph.getLayers()) {
            if (layer instanceof RecurrentLayer) {
                recurrentLayers.add(layer.conf().getLayer().getLayerName());
            }
        }
        this.encoder = new ImageEncoder(graph, IMAGE, ENCODED);
    }

    /** An untrained model whose vocabulary comes from the training captions only. */
    public static CaptioningModel create(
            RnnConfig rnn,
            List<CaptionedImage> train,
            int imageVector,
            int embedding,
            int minFrequency,
            String dataset,
            long dataSeed) {
        List<String> words = new ArrayList<>();
        int longest = 0;
        for (CaptionedImage image : train) {
            for (List<String> caption : image.references()) {
                words.addAll(caption);
                longest = Math.max(longest, caption.size());
            }
        }
        Vocabulary vocabulary = Vocabulary.build(words, minFrequency, SPECIALS);
        CaptionedImage first = train.get(0);
        int imageSize = first.pixels() != null ? (int) Math.round(Math.sqrt(first.pixels().length / 3.0)) : 0;
        int featureSize = first.features() != null ? first.features().length : 0;
        // room for a few more words than any training caption: enough to show a model rambling, not forever
        Spec spec = new Spec(
                rnn,
                imageSize,
                featureSize,
                imageVector,
                embedding,
                longest + 5,
                dataset,
                dataSeed,
                train.size(),
                Instant.now().toString());
        return new CaptioningModel(buildGraph(spec, vocabulary.size()), vocabulary, spec);
    }

    static ComputationGraph buildGraph(Spec spec, int vocabularySize) {
        ComputationGraphConfiguration.GraphBuilder g = OneToManyDecoder.graphBuilder(spec.rnn());
        g.addInputs(IMAGE, WORDS);
        if (spec.pixels()) {
            // A 4x4, stride-4 convolution first cuts the image into 12x12 patches in one cheap step (3.6x the
            // training speed of three 3x3 conv+pool stages here, which spend most of the time at full
            // resolution); a 3x3 convolution over patches then sees a whole grid cell. The dense layer over
            // all 6x6 pooled cells keeps where each shape is, which the relation words and the mention order
            // depend on (no global pooling).
            g.addLayer(
                    "patches",
                    new ConvolutionLayer.Builder(4, 4)
                            .stride(4, 4)
                            .nIn(3)
                            .nOut(32)
                            .convolutionMode(ConvolutionMode.Truncate)
                            .activation(Activation.RELU)
                            .build(),
                    IMAGE);
            g.addLayer(
                    "cells",
                    new ConvolutionLayer.Builder(3, 3)
                            .nIn(32)
                            .nOut(32)
                            .convolutionMode(ConvolutionMode.Same)
                            .activation(Activation.RELU)
                            .build(),
                    "patches");
            g.addLayer(
                    "pooled",
                    new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                            .kernelSize(2, 2)
                            .stride(2, 2)
                            .build(),
                    "cells");
            g.addLayer(
                    ENCODED,
                    new DenseLayer.Builder()
                            .nOut(spec.imageVector())
                            .activation(Activation.RELU)
                            .build(),
                    "pooled");
            g.setInputTypes(
                    InputType.convolutional(spec.imageSize(), spec.imageSize(), 3),
                    InputType.recurrent(vocabularySize));
        } else {
            g.addLayer(
                    ENCODED,
                    new DenseLayer.Builder()
                            .nIn(spec.featureSize())
                            .nOut(spec.imageVector())
                            .activation(Activation.RELU)
                            .build(),
                    IMAGE);
            g.setInputTypes(InputType.feedForward(spec.featureSize()), InputType.recurrent(vocabularySize));
        }
        // recurrent(vocabularySize), not recurrent(1): the input type sets the embedding's nIn (DESIGN.md)
        OneToManyDecoder.add(g, spec.rnn(), ENCODED, spec.imageVector(), WORDS, vocabularySize, spec.embedding());
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /** The image input of a batch: [n, 3, size, size] in 0..1, or [n, featureSize]. */
    public INDArray images(List<CaptionedImage> images) {
        int n = images.size();
        if (spec.pixels()) {
            int size = spec.imageSize();
            int per = 3 * size * size;
            float[] data = new float[n * per];
            for (int i = 0; i < n; i++) {
                byte[] px = images.get(i).pixels();
                if (px == null || px.length != per) {
                    throw new UserFacingException("image " + images.get(i).id() + " is not " + size + "x" + size
                            + " RGB pixels; this model reads rendered images");
                }
                for (int j = 0; j < per; j++) {
                    data[i * per + j] = (px[j] & 0xff) / 255f;
                }
            }
            return Nd4j.create(data, new long[] {n, 3, size, size}, DataType.FLOAT);
        }
        float[] data = new float[n * spec.featureSize()];
        for (int i = 0; i < n; i++) {
            float[] f = images.get(i).features();
            if (f == null || f.length != spec.featureSize()) {
                throw new UserFacingException(
                        "image " + images.get(i).id() + " has " + (f == null ? "pixels" : f.length + " features")
                                + "; this model reads " + spec.featureSize() + " features");
            }
            System.arraycopy(f, 0, data, i * f.length, f.length);
        }
        return Nd4j.create(data, new long[] {n, spec.featureSize()}, DataType.FLOAT);
    }

    /**
     * A teacher-forced batch: image {@code i} with caption {@code captions.get(i)}. Words in
     * [n, 1, time] (ids), labels one-hot [n, vocabulary, time], the same mask [n, time] on both.
     */
    public MultiDataSet batch(List<CaptionedImage> images, List<List<String>> captions) {
        int n = images.size();
        int time = 0;
        for (List<String> c : captions) {
            time = Math.max(time, c.size() + 1);
        }
        int v = vocabulary.size();
        float[] words = new float[n * time];
        float[] labels = new float[n * v * time];
        float[] mask = new float[n * time];
        int bos = vocabulary.id(Vocabulary.BOS);
        int eos = vocabulary.id(Vocabulary.EOS);
        for (int i = 0; i < n; i++) {
            int[] ids = vocabulary.encode(captions.get(i));
            for (int t = 0; t <= ids.length; t++) {
                words[i * time + t] = t == 0 ? bos : ids[t - 1];
                int target = t < ids.length ? ids[t] : eos;
                labels[(i * v + target) * time + t] = 1f;
                mask[i * time + t] = 1f;
            }
        }
        INDArray m = Nd4j.create(mask, new long[] {n, time}, DataType.FLOAT);
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {images(images), Nd4j.create(words, new long[] {n, 1, time}, DataType.FLOAT)},
                new INDArray[] {Nd4j.create(labels, new long[] {n, v, time}, DataType.FLOAT)},
                new INDArray[] {null, m},
                new INDArray[] {m});
    }

    /** Mean negative log-likelihood per predicted word (nats, {@code <eos>} included) over every reference. */
    public double nll(List<CaptionedImage> images, int batchSize) {
        List<CaptionedImage> rows = new ArrayList<>();
        List<List<String>> captions = new ArrayList<>();
        for (CaptionedImage image : images) {
            for (List<String> c : image.references()) {
                rows.add(image);
                captions.add(c);
            }
        }
        double total = 0;
        long steps = 0;
        for (int start = 0; start < rows.size(); start += batchSize) {
            int end = Math.min(rows.size(), start + batchSize);
            MultiDataSet b = batch(rows.subList(start, end), captions.subList(start, end));
            INDArray probs =
                    graph.output(false, b.getFeatures(), b.getFeaturesMaskArrays(), b.getLabelsMaskArrays())[0];
            SequenceCrossEntropy.Result r = SequenceCrossEntropy.of(probs, b.getLabels(0), b.getLabelsMaskArray(0));
            total += r.totalNats();
            steps += r.steps();
        }
        graph.rnnClearPreviousState();
        return steps > 0 ? total / steps : Double.NaN;
    }

    /** A generated caption: its words and whether the model ended it ({@code <eos>}) before the length limit. */
    public record Caption(List<String> words, boolean ended) {}

    /**
     * Captions for image files (PNG, JPEG, ...), each scaled to the model's input size; as {@link #caption}.
     *
     * @throws UserFacingException when the model reads precomputed features rather than pixels, or a file is no image
     */
    public List<Caption> captionFiles(List<Path> files, int beam, int maxLength, int batchSize) {
        if (!spec.pixels()) {
            throw new UserFacingException(
                    "the model reads precomputed features, not images; use `captioning eval --features ... --captions ...`");
        }
        List<CaptionedImage> images = new ArrayList<>();
        for (Path file : files) {
            byte[] pixels = SceneRenderer.channelsFirst(CaptioningData.readImage(file, ""), spec.imageSize());
            images.add(CaptionedImage.rendered(file.toString(), pixels, List.of("?")));
        }
        return caption(images, beam, maxLength, batchSize);
    }

    /**
     * Captions for {@code images}: greedy when {@code beam} is 1, else beam search of that width; at most
     * {@code maxLength} words (0 = the model's own limit). Decoded {@code batchSize} images at a time,
     * each batch starting from a cleared recurrent state.
     */
    public List<Caption> caption(List<CaptionedImage> images, int beam, int maxLength, int batchSize) {
        int limit = maxLength > 0 ? maxLength : spec.maxLength();
        int bos = vocabulary.id(Vocabulary.BOS);
        int eos = vocabulary.id(Vocabulary.EOS);
        int perBatch = Math.max(1, batchSize / beam);
        float[][] encoded = encode(images, ENCODE_BATCH);
        List<Caption> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += perBatch) {
            int end = Math.min(images.size(), start + perBatch);
            GraphDecoder decoder = new GraphDecoder(Arrays.copyOfRange(encoded, start, end), beam);
            List<BeamSearch.Hypothesis> found = beam == 1
                    ? BeamSearch.greedy(decoder, end - start, bos, eos, limit)
                    : BeamSearch.search(decoder, end - start, beam, bos, eos, limit);
            for (BeamSearch.Hypothesis h : found) {
                out.add(new Caption(vocabulary.decode(h.tokens()), h.ended()));
            }
        }
        return out;
    }

    /**
     * The image vectors the decoder starts from, one row per image, computed {@code batchSize} images per pass of the
     * encoder ({@link ImageEncoder}); each image's vector is the same whatever the batch (tested within 1e-5).
     */
    float[][] encode(List<CaptionedImage> images, int batchSize) {
        float[][] vectors = new float[images.size()][];
        for (int start = 0; start < images.size(); start += batchSize) {
            int end = Math.min(images.size(), start + batchSize);
            float[][] pass = encoder.encode(images(images.subList(start, end)))
                    .castTo(DataType.FLOAT)
                    .toFloatMatrix();
            System.arraycopy(pass, 0, vectors, start, pass.length);
        }
        return vectors;
    }

    /**
     * Decodes with {@link BatchOneRecurrence} from precomputed image vectors ({@link #encode}): each vector's product
     * with the first recurrent layer's weights is computed once per caption ({@link
     * BatchOneRecurrence.Rows#fixInputTails}), and each step is only the words' embedding rows through the recurrent
     * stack, all rows in one matrix product a layer. Equal to stepping the graph with {@code rnnTimeStep} (tested), which
     * re-ran the image encoder at every word.
     */
    private final class GraphDecoder implements BeamSearch.Decoder {
        private final float[][] imageVectors;
        private final int beam;
        private final BatchOneRecurrence stepper;
        private final float[] embedding;
        private final int embeddingSize;
        private BatchOneRecurrence.Rows rows;

        GraphDecoder(float[][] imageVectors, int beam) {
            this.beam = beam;
            this.imageVectors = imageVectors;
            stepper = BatchOneRecurrence.of(graph, recurrentLayers, OneToManyDecoder.OUTPUT);
            INDArray table = graph.getLayer(OneToManyDecoder.EMBEDDING).getParam("W");
            embeddingSize = (int) table.size(1);
            embedding = table.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }

        @Override
        public void start(int count) {
            if (count != imageVectors.length * beam) {
                throw new IllegalStateException(
                        "decoder built for " + imageVectors.length * beam + " rows, asked for " + count);
            }
            rows = stepper.rows(count);
            float[][] tails = new float[count][];
            for (int r = 0; r < count; r++) {
                tails[r] = imageVectors[r / beam];
            }
            rows.fixInputTails(tails);
        }

        /** All rows in one step: one matrix product per layer and for the output ({@link BatchOneRecurrence.Rows}). */
        @Override
        public float[][] step(int[] tokens) {
            float[] words = new float[tokens.length * embeddingSize];
            for (int r = 0; r < tokens.length; r++) {
                System.arraycopy(embedding, tokens[r] * embeddingSize, words, r * embeddingSize, embeddingSize);
            }
            return rows.nextLogProbabilities(words);
        }

        @Override
        public void reorder(int[] parents) {
            rows.reorder(parents);
        }
    }

    public void save(Path file) {
        ModelArchive.save(file, "captioning", graph, vocabulary, spec);
    }

    public static CaptioningModel load(Path file) {
        ModelArchive.Loaded loaded = ModelArchive.load(file, "captioning");
        return new CaptioningModel(loaded.graph(), loaded.vocabulary(), loaded.spec(Spec.class));
    }

    public ComputationGraph graph() {
        return graph;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Spec spec() {
        return spec;
    }

    public long parameterCount() {
        return graph.numParams();
    }
}
