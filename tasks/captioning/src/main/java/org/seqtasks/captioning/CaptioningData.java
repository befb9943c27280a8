package org.seqtasks.captioning;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.seqtasks.UserFacingException;
import org.seqtasks.captioning.SceneGenerator.Split;
import org.seqtasks.data.TextFiles;

/**
 * The images of one run, by split: rendered scenes (made on the fly from a seed, or read back from a
 * {@code render} folder) or precomputed features with captions. {@code compositional} is empty for
 * features, which have no held-out attribute pairs.
 */
public record CaptioningData(String name, Map<Split, List<CaptionedImage>> splits) {
    public static final String CAPTIONS_FILE = "captions.tsv";

    public List<CaptionedImage> split(Split split) {
        return splits.getOrDefault(split, List.of());
    }

    /** Eval-split sizes are a tenth of the training set, at least {@code minEval} images each. */
    public static CaptioningData rendered(long seed, int trainImages, int minEval) {
        int eval = Math.max(minEval, trainImages / 10);
        Map<Split, List<CaptionedImage>> splits = new EnumMap<>(Split.class);
        SceneGenerator generator = new SceneGenerator(seed);
        for (Split split : Split.values()) {
            int count = split == Split.TRAIN ? trainImages : eval;
            splits.put(split, render(generator.scenes(split, count), split, seed));
        }
        return new CaptioningData("rendered", splits);
    }

    /** One split of the rendered set, the same images {@link #rendered} made for it with this seed and size. */
    public static List<CaptionedImage> renderedSplit(long seed, int trainImages, int minEval, Split split) {
        int count = split == Split.TRAIN ? trainImages : Math.max(minEval, trainImages / 10);
        return render(new SceneGenerator(seed).scenes(split, count), split, seed);
    }

    static List<CaptionedImage> render(List<Scene> scenes, Split split, long seed) {
        Random jitter = new Random(seed * 31 + split.ordinal());
        List<CaptionedImage> out = new ArrayList<>(scenes.size());
        for (int i = 0; i < scenes.size(); i++) {
            Scene scene = scenes.get(i);
            byte[] pixels = SceneRenderer.channelsFirst(SceneRenderer.render(scene, jitter), SceneRenderer.SIZE);
            out.add(CaptionedImage.rendered(split.id() + "-" + i, pixels, CaptionGrammar.describe(scene)));
        }
        return out;
    }

    /** Precomputed features: images split 80/10/10 into train/dev/test in a seeded order. */
    public static CaptioningData features(Path features, Path captions, long seed) {
        List<CaptionedImage> all = new ArrayList<>(FeatureFiles.read(features, captions));
        if (all.size() < 3) {
            throw new UserFacingException(
                    features + ": " + all.size() + " images; training needs at least 3 (train, dev, test)");
        }
        Collections.shuffle(all, new Random(seed));
        int held = Math.max(1, all.size() / 10);
        Map<Split, List<CaptionedImage>> splits = new EnumMap<>(Split.class);
        splits.put(Split.DEV, List.copyOf(all.subList(0, held)));
        splits.put(Split.TEST, List.copyOf(all.subList(held, 2 * held)));
        splits.put(Split.TRAIN, List.copyOf(all.subList(2 * held, all.size())));
        return new CaptioningData(features.getFileName().toString(), splits);
    }

    /**
     * Writes {@code count} rendered scenes per split as PNG files under {@code dir/<split>/} and one
     * {@code captions.tsv} ({@code file<TAB>split<TAB>caption}, file relative to {@code dir}).
     */
    public static Path writeRenderFolder(Path dir, long seed, Map<Split, Integer> counts) {
        SceneGenerator generator = new SceneGenerator(seed);
        StringBuilder tsv = new StringBuilder(
                "# file\tsplit\tcaption (rendered by seqtasks captioning render, seed " + seed + ")\n");
        try {
            for (var e : counts.entrySet()) {
                Split split = e.getKey();
                Path folder = Files.createDirectories(dir.resolve(split.id()));
                Random jitter = new Random(seed * 31 + split.ordinal());
                List<Scene> scenes = generator.scenes(split, e.getValue());
                for (int i = 0; i < scenes.size(); i++) {
                    String file = String.format(Locale.ROOT, "%s/%05d.png", split.id(), i);
                    ImageIO.write(
                            SceneRenderer.render(scenes.get(i), jitter),
                            "png",
                            dir.resolve(file).toFile());
                    tsv.append(file)
                            .append('\t')
                            .append(split.id())
                            .append('\t')
                            .append(String.join(" ", CaptionGrammar.describe(scenes.get(i))))
                            .append('\n');
                }
            }
            Path captions = dir.resolve(CAPTIONS_FILE);
            Files.writeString(captions, tsv, StandardCharsets.UTF_8);
            return captions;
        } catch (IOException e) {
            throw new UserFacingException("cannot write rendered scenes to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a folder written by {@link #writeRenderFolder} (or any PNGs listed the same way). */
    public static CaptioningData readRenderFolder(Path dir) {
        Path captions = dir.resolve(CAPTIONS_FILE);
        if (!Files.isRegularFile(captions)) {
            throw new UserFacingException(
                    dir + ": no " + CAPTIONS_FILE + " (expected a folder written by `captioning render`)");
        }
        Map<Split, List<CaptionedImage>> splits = new EnumMap<>(Split.class);
        List<String> lines = TextFiles.readLines(captions, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = captions + ":" + (n + 1) + ": ";
            String[] parts = line.split("\t");
            if (parts.length != 3) {
                throw new UserFacingException(
                        where + "expected file<TAB>split<TAB>caption, found " + parts.length + " field(s)");
            }
            Split split;
            try {
                split = Split.parse(parts[1]);
            } catch (UserFacingException e) {
                throw new UserFacingException(where + e.getMessage());
            }
            List<String> words =
                    Arrays.asList(parts[2].trim().toLowerCase(Locale.ROOT).split("\\s+"));
            if (parts[2].isBlank()) {
                throw new UserFacingException(where + "empty caption");
            }
            byte[] pixels = SceneRenderer.channelsFirst(readImage(dir.resolve(parts[0]), where), SceneRenderer.SIZE);
            splits.computeIfAbsent(split, k -> new ArrayList<>()).add(CaptionedImage.rendered(parts[0], pixels, words));
        }
        if (splits.getOrDefault(Split.TRAIN, List.of()).isEmpty()
                && splits.getOrDefault(Split.TEST, List.of()).isEmpty()) {
            throw new UserFacingException(captions + ": no train or test images listed");
        }
        return new CaptioningData(dir.getFileName().toString(), splits);
    }

    static BufferedImage readImage(Path file, String where) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new UserFacingException(where + file + " is not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
            }
            return image;
        } catch (IOException e) {
            throw new UserFacingException(where + "cannot read " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
