package org.seqtasks.captioning;

import static org.seqtasks.testing.FrozenModel.number;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.testing.FrozenModel;

/**
 * A captioner saved on 2026-12-01 must keep loading and give the same captions (see {@link FrozenModel}; refreeze:
 * {@code -Dtest=CaptioningFrozenModelTest -Dseqtasks.refreeze=true}). {@link #freeze} is how it was made: the default
 * pixel model (the small CNN, then an LSTM decoder) with 16 units, an 8-wide image vector and embedding, ten epochs
 * at learning rate 0.01 on 200 rendered scenes.
 */
class CaptioningFrozenModelTest {
    private static final int PROBES = 3;

    @TempDir
    Path dir;

    private Path freeze() {
        Path out = dir.resolve("frozen");
        CaptioningMain.run(
                "train",
                "--cell",
                "lstm",
                "--hidden",
                "16",
                "--image-vector",
                "8",
                "--embedding",
                "8",
                "--lr",
                "0.01",
                "--train-images",
                "200",
                "--epochs",
                "10",
                "--seed",
                "11",
                "--progress",
                "off",
                "--out",
                out.toString());
        return out.resolve("model.zip");
    }

    /** Images drawn by a formula (not by the scene renderer, which may change without breaking any model). */
    private static List<CaptionedImage> probes(int size) {
        List<CaptionedImage> images = new ArrayList<>();
        for (int k = 0; k < PROBES; k++) {
            byte[] pixels = new byte[3 * size * size];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inside = Math.hypot(x - size / 2.0, y - size / (2.0 + k)) < size / (3.0 + k);
                        pixels[(c * size + y) * size + x] = (byte) (inside ? (c == k ? 230 : 40) : 255);
                    }
                }
            }
            images.add(CaptionedImage.rendered("probe-" + k, pixels, List.of("a", "circle")));
        }
        return images;
    }

    @Test
    void theFrozenCaptionerStillLoadsAndGivesTheSameCaptions() {
        FrozenModel frozen = new FrozenModel("captioning");
        CaptioningModel model = CaptioningModel.load(frozen.model(this::freeze));
        CaptioningModel.Spec spec = model.spec();
        List<String> outputs = new ArrayList<>();
        outputs.add("recipe " + spec.rnn().cell().id() + " hidden " + spec.rnn().hidden() + " image " + spec.imageSize()
                + " vector " + spec.imageVector() + " vocabulary "
                + model.vocabulary().size() + " parameters " + model.parameterCount());
        List<CaptionedImage> images = probes(spec.imageSize());
        for (CaptionedImage image : images) {
            outputs.add("nll of 'a circle' for " + image.id() + " " + number(model.nll(List.of(image), 1)));
        }
        for (int beam : new int[] {1, 3}) {
            for (CaptioningModel.Caption c : model.caption(images, beam, 0, 4)) {
                outputs.add("beam " + beam + " ended " + c.ended() + ": " + String.join(" ", c.words()));
            }
        }
        frozen.assertSameOutputs(outputs);
    }
}
