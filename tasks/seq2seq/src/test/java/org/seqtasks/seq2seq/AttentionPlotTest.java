package org.seqtasks.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.model.Cell;

/**
 * {@code translate --attention-plot DIR}: one PNG per sentence, a grid of source tokens by output tokens whose cells'
 * greys are the attention weights, each output token's weights summing to 1 over the source.
 */
class AttentionPlotTest {
    @TempDir
    Path dir;

    @Test
    void translateWritesOneHeatmapPerSentenceWhoseCellsAreTheWeights() throws Exception {
        Seq2SeqModel model = SteppedDecoderTest.trained(Cell.LSTM, true, false, 4);
        Path file = dir.resolve("model.zip");
        model.save(file);
        List<String> texts = List.of("3/3/21", "the 3rd of march 2021");
        Path plots = dir.resolve("plots");
        Seq2SeqMain.run(
                "translate",
                "--model",
                file.toString(),
                "--attention-plot",
                plots.toString(),
                texts.get(0),
                texts.get(1));

        for (int i = 0; i < texts.size(); i++) {
            Path png = plots.resolve("attention-" + (i + 1) + ".png");
            assertTrue(Files.isRegularFile(png), png + " written");
            List<String> source = model.tokens(texts.get(i));
            Seq2SeqModel.Translation t = model.translate(List.of(source), 1, 8).get(0);
            Seq2SeqModel.AttentionMap map = model.attention(source, t);
            assertEquals(source, map.source());
            assertEquals(t.tokens().size() + (t.ended() ? 1 : 0), map.output().size());
            assertEquals(t.ended(), map.output().get(map.output().size() - 1).equals(Vocabulary.EOS));

            BufferedImage image = ImageIO.read(png.toFile());
            AttentionHeatmap.Layout layout = AttentionHeatmap.layout(map);
            assertEquals(source.size(), layout.columns());
            assertEquals(map.output().size(), layout.rows());
            assertEquals(
                    layout.left() + source.size() * AttentionHeatmap.CELL + AttentionHeatmap.MARGIN, image.getWidth());
            assertEquals(
                    layout.top() + map.output().size() * AttentionHeatmap.CELL + AttentionHeatmap.MARGIN,
                    image.getHeight());
            for (int row = 0; row < map.output().size(); row++) {
                float[] weights = map.weights()[row];
                assertEquals(source.size(), weights.length);
                double sum = 0;
                double drawn = 0;
                for (int j = 0; j < weights.length; j++) {
                    assertTrue(weights[j] >= 0, "weight " + weights[j]);
                    sum += weights[j];
                    int rgb = image.getRGB(layout.centreX(j), layout.centreY(row));
                    int grey = rgb & 0xff;
                    assertEquals(AttentionHeatmap.grey(weights[j]), grey, "cell (" + row + ", " + j + ")");
                    assertEquals(grey, (rgb >> 8) & 0xff, "a grey cell");
                    drawn += 1 - grey / 255.0;
                }
                assertEquals(1.0, sum, 1e-5, "output token " + row + "'s weights over the source");
                assertEquals(1.0, drawn, weights.length / 255.0, "output token " + row + "'s weights as drawn");
            }
            // the grid ends after the last source column and the last output row: margin beyond
            int x = layout.left() + source.size() * AttentionHeatmap.CELL + 2;
            assertEquals(0xffffff, image.getRGB(x, layout.centreY(0)) & 0xffffff, "white right of the last column");
            int y = layout.top() + map.output().size() * AttentionHeatmap.CELL + 2;
            assertEquals(0xffffff, image.getRGB(layout.centreX(0), y) & 0xffffff, "white below the last row");
        }
    }

    @Test
    void aModelWithoutAttentionHasNothingToPlot() {
        Seq2SeqModel model = SteppedDecoderTest.trained(Cell.LSTM, false, false, 1);
        Path file = dir.resolve("plain.zip");
        model.save(file);
        UserFacingException e = assertThrows(
                UserFacingException.class,
                () -> Seq2SeqMain.run(
                        "translate",
                        "--model",
                        file.toString(),
                        "--attention-plot",
                        dir.resolve("p").toString(),
                        "3/3/21"));
        assertTrue(
                e.getMessage().startsWith("--attention-plot: ")
                        && e.getMessage().contains("no attention"),
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve("p")), "no folder made for plots that cannot be drawn");
    }
}
