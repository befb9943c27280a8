package org.seqtasks.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.SequenceBatcher;

class ModelArchiveTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsWeightsOutputsAndEntries() throws Exception {
        MultiLayerNetwork net = RecurrentNetworks.perStepClassifier(
                RnnConfig.of(Cell.LSTM, 5).hidden(6).layers(2).learningRate(1e-2), 4, 4);
        INDArray x = SequenceBatcher.oneHot(4, 4).features(List.of(new int[] {0, 1, 2, 3}), 4);
        net.fit(new DataSet(x, net.output(x))); // move the weights and the updater off their initial state
        Path file = dir.resolve("m/model.zip");
        ModelArchive.save(file, net, Map.of("vocabulary.json", "{\"tokens\":[\"a\"]}", "task", "charlm"));
        ModelArchive.Loaded back = ModelArchive.load(file);
        assertEquals(net.params(), back.network().params());
        assertEquals(net.output(x), back.network().output(x));
        assertEquals("charlm", back.entry("task"));
        assertEquals("{\"tokens\":[\"a\"]}", back.entry("vocabulary.json"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left beside the model");
        }
    }

    @Test
    void notAModelIsOneClearError() throws Exception {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        UserFacingException e = assertThrows(UserFacingException.class, () -> ModelArchive.load(junk));
        assertTrue(e.getMessage().startsWith(junk + ": not a readable model zip"), e.getMessage());
        UserFacingException missing =
                assertThrows(UserFacingException.class, () -> ModelArchive.load(dir.resolve("none.zip")));
        assertTrue(missing.getMessage().endsWith("none.zip: model file not found"));
    }

    @Test
    void aComputationGraphRoundTripsAndIsRestoredAsAGraph() {
        var conf = new NeuralNetConfiguration.Builder()
                .seed(3)
                .graphBuilder()
                .addInputs("a", "b")
                .addVertex("ab", new MergeVertex(), "a", "b")
                .addLayer(
                        "out",
                        new OutputLayer.Builder()
                                .nIn(5)
                                .nOut(2)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "ab")
                .setOutputs("out")
                .build();
        var graph = new ComputationGraph(conf);
        graph.init();
        Path file = dir.resolve("graph.zip");
        ModelArchive.save(file, graph, Map.of("task", "captioning"));
        ModelArchive.Loaded back = ModelArchive.load(file);
        INDArray a = Nd4j.rand(3, 2);
        INDArray b = Nd4j.rand(3, 3);
        assertEquals(graph.outputSingle(a, b), back.graph().outputSingle(a, b));
        UserFacingException e = assertThrows(UserFacingException.class, back::network);
        assertTrue(e.getMessage().contains("ComputationGraph"), e.getMessage());
    }

    @Test
    void aTempFileAKillLeftBehindIsRemovedByTheNextWrite() throws Exception {
        Path file = dir.resolve("model.zip");
        Path stale = Files.writeString(dir.resolve("model.zip8812345.tmp"), "half a zip");
        Path other = Files.writeString(dir.resolve("notes.tmp"), "not ours");
        ModelArchive.writeAtomically(file, out -> out.write(new byte[] {1, 2, 3}));
        assertTrue(Files.notExists(stale), "leftover removed");
        assertTrue(Files.exists(other), "other files are left alone");
        assertEquals(3, Files.size(file));
        // a write that fails half-way leaves the previous file whole and no temp file
        assertThrows(
                UncheckedIOException.class,
                () -> ModelArchive.writeAtomically(file, out -> {
                    out.write(new byte[] {9, 9});
                    throw new IOException("No space left on device");
                }));
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), toList(Files.readAllBytes(file)));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "model.zip and notes.tmp only");
        }
    }

    @Test
    void aSavedFileGetsTheUmasksPermissionsNotATempFilesOwnerOnlyOnes() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "made the ordinary way");
        Path file = dir.resolve("model.zip");
        ModelArchive.writeAtomically(file, out -> out.write(new byte[] {1}));
        // a temp file starts as rw------- (createTempFile); a model others are meant to load must not
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
