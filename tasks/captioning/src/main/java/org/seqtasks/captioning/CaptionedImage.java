package org.seqtasks.captioning;

import java.util.List;

/**
 * One image and its reference captions (tokenized). The image is either rendered pixels
 * ({@code pixels}: 3 x size x size bytes, channels first) or a precomputed feature vector
 * ({@code features}); the other is null. Pixels stay bytes until a batch is built: a float copy of a
 * training set would take four times the memory.
 */
public record CaptionedImage(String id, byte[] pixels, float[] features, List<List<String>> references) {
    public CaptionedImage {
        if ((pixels == null) == (features == null)) {
            throw new IllegalArgumentException("an image has either pixels or features");
        }
        if (references.isEmpty()) {
            throw new IllegalArgumentException("image " + id + " has no caption");
        }
        references = references.stream().map(List::copyOf).toList();
    }

    public static CaptionedImage rendered(String id, byte[] pixels, List<String> caption) {
        return new CaptionedImage(id, pixels, null, List.of(caption));
    }
}
