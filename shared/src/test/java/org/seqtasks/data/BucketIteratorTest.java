package org.seqtasks.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BucketIteratorTest {
    private static List<int[]> sequences() {
        Random r = new Random(5);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            out.add(new int[1 + r.nextInt(60)]);
        }
        return out;
    }

    private static double paddingShare(List<List<int[]>> batches) {
        long real = 0;
        long padded = 0;
        for (List<int[]> b : batches) {
            int max = b.stream().mapToInt(s -> s.length).max().orElse(0);
            for (int[] s : b) {
                real += s.length;
                padded += max;
            }
        }
        return 1 - real / (double) padded;
    }

    @Test
    void everyExampleOncePerEpochWithFarLessPaddingThanRandomBatches() {
        List<int[]> data = sequences();
        SequenceBatcher batcher = SequenceBatcher.indices(1, 2);
        BucketIterator<int[]> it =
                new BucketIterator<>(data, s -> s.length, b -> batcher.lastStep(b, new int[b.size()]), 32, true, 1);
        List<String> firstBatches = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<int[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            it.batches().forEach(seen::addAll);
            assertEquals(data.size(), seen.size());
            assertEquals(data.size(), it.batches().stream().mapToInt(List::size).sum());
            assertTrue(paddingShare(it.batches()) < 0.05, "bucketed padding " + paddingShare(it.batches()));
            firstBatches.add(it.batches().get(0).toString());
            int served = 0;
            while (it.hasNext()) {
                it.next();
                served++;
            }
            assertEquals(it.batchesPerEpoch(), served);
            it.reset();
        }
        assertNotEquals(firstBatches.get(0), firstBatches.get(1));
        List<List<int[]>> unsorted = new ArrayList<>();
        for (int i = 0; i < data.size(); i += 32) {
            unsorted.add(data.subList(i, Math.min(i + 32, data.size())));
        }
        assertTrue(paddingShare(unsorted) > 0.3, "random batches pad a lot: " + paddingShare(unsorted));
    }

    @Test
    void sameSeedSameBatchesAndEvaluationKeepsOrder() {
        List<int[]> data = sequences();
        SequenceBatcher batcher = SequenceBatcher.indices(1, 2);
        var a = new BucketIterator<>(data, s -> s.length, b -> batcher.lastStep(b, new int[b.size()]), 16, true, 9);
        var b = new BucketIterator<>(data, s -> s.length, x -> batcher.lastStep(x, new int[x.size()]), 16, true, 9);
        assertEquals(a.batches(), b.batches());
        var ordered =
                new BucketIterator<>(data, s -> s.length, x -> batcher.lastStep(x, new int[x.size()]), 16, false, 9);
        assertEquals(data.subList(0, 16), ordered.batches().get(0));
    }

    @Test
    void exactLengthBatchesHoldOneLengthEachAndStillCoverEverything() {
        List<int[]> data = sequences();
        SequenceBatcher batcher = SequenceBatcher.indices(1, 2);
        var it = new BucketIterator<>(
                data, s -> s.length, b -> batcher.lastStep(b, new int[b.size()]), 16, true, 3, true);
        assertEquals(data.size(), it.batches().stream().mapToInt(List::size).sum());
        for (List<int[]> batch : it.batches()) {
            assertEquals(1, batch.stream().mapToInt(s -> s.length).distinct().count());
        }
        assertEquals(0.0, paddingShare(it.batches()));
    }
}
