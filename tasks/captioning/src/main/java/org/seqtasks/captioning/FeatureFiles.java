package org.seqtasks.captioning;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.TextFiles;
import org.seqtasks.data.WordTokenizer;

/**
 * Reads precomputed image features and their captions, so the decoder can be trained on a real dataset
 * (Flickr8k, COCO) encoded by any CNN elsewhere. Two UTF-8 text files (gzipped when named {@code .gz}):
 *
 * <pre>
 * features:  ID &lt;TAB&gt; v1 v2 ... vF      one line per image; the same F on every line
 * captions:  ID &lt;TAB&gt; caption text        one line per caption; several lines per ID allowed
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are skipped. Captions are lower-cased and split into
 * words and punctuation. Every image must have a caption and every caption an image; any line that breaks
 * the format stops the run with {@code file:line: problem}.
 */
public final class FeatureFiles {
    private FeatureFiles() {}

    public static List<CaptionedImage> read(Path featuresFile, Path captionsFile) {
        Map<String, float[]> features = readFeatures(featuresFile);
        Map<String, List<List<String>>> captions = new LinkedHashMap<>();
        List<String> lines = TextFiles.readLines(captionsFile, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = captionsFile + ":" + (n + 1) + ": ";
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new UserFacingException(where + "expected ID<TAB>caption, found no tab");
            }
            String id = line.substring(0, tab).trim();
            if (!features.containsKey(id)) {
                throw new UserFacingException(where + "image '" + id + "' has no line in " + featuresFile);
            }
            List<String> words = WordTokenizer.tokenize(line.substring(tab + 1));
            if (words.isEmpty()) {
                throw new UserFacingException(where + "empty caption for image '" + id + "'");
            }
            captions.computeIfAbsent(id, k -> new ArrayList<>()).add(words);
        }
        List<CaptionedImage> out = new ArrayList<>(features.size());
        for (var e : features.entrySet()) {
            List<List<String>> refs = captions.get(e.getKey());
            if (refs == null) {
                throw new UserFacingException(
                        captionsFile + ": image '" + e.getKey() + "' from " + featuresFile + " has no caption");
            }
            out.add(new CaptionedImage(e.getKey(), null, e.getValue(), refs));
        }
        if (out.isEmpty()) {
            throw new UserFacingException(featuresFile + ": no images");
        }
        return out;
    }

    static Map<String, float[]> readFeatures(Path file) {
        Map<String, float[]> out = new LinkedHashMap<>();
        List<String> lines = TextFiles.readLines(file, StandardCharsets.UTF_8);
        int width = -1;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (n + 1) + ": ";
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new UserFacingException(where + "expected ID<TAB>v1 v2 ..., found no tab");
            }
            String id = line.substring(0, tab).trim();
            String[] parts = line.substring(tab + 1).trim().split("\\s+");
            if (parts.length == 1 && parts[0].isEmpty()) {
                throw new UserFacingException(where + "image '" + id + "' has no feature values");
            }
            if (width >= 0 && parts.length != width) {
                throw new UserFacingException(
                        where + "image '" + id + "' has " + parts.length + " values, earlier lines have " + width);
            }
            width = parts.length;
            float[] v = new float[width];
            for (int i = 0; i < width; i++) {
                try {
                    v[i] = Float.parseFloat(parts[i]);
                } catch (NumberFormatException e) {
                    throw new UserFacingException(where + "value " + (i + 1) + " '" + parts[i] + "' is not a number");
                }
                if (!Float.isFinite(v[i])) {
                    throw new UserFacingException(where + "value " + (i + 1) + " is " + parts[i]);
                }
            }
            if (out.put(id, v) != null) {
                throw new UserFacingException(where + "image '" + id + "' appears twice");
            }
        }
        return out;
    }
}
