package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The compare job's two-at-a-time runner: results in the order given, jobs really side by side, logs kept whole. */
class SideBySideTest {

    @Test
    void resultsComeBackInTheOrderGivenWhateverOrderTheyRanIn() {
        SideBySide lanes = new SideBySide(2);
        List<SideBySide.Pending<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            pending.add(lanes.add(i, () -> {
                Thread.sleep(5L * (5 - id)); // the first given finishes last
                return id * 10;
            }));
        }
        lanes.runAll();
        for (int i = 0; i < 5; i++) {
            assertEquals(i * 10, pending.get(i).get());
        }
    }

    @Test
    void theLongestJobsStartFirst() {
        SideBySide lanes = new SideBySide(2);
        SideBySide.Pending<String> shortJob = lanes.add(1, () -> "short");
        SideBySide.Pending<String> longJob = lanes.add(60, () -> "long");
        SideBySide.Pending<String> sameAsShort = lanes.add(1, () -> "short too");
        assertEquals(
                List.of(longJob, shortJob, sameAsShort),
                SideBySide.startOrder(List.of(shortJob, longJob, sameAsShort)));
    }

    @Test
    void twoJobsRunAtTheSameTime() {
        SideBySide lanes = new SideBySide(2);
        CountDownLatch bothStarted = new CountDownLatch(2);
        List<SideBySide.Pending<Boolean>> pending = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pending.add(lanes.add(1, () -> {
                bothStarted.countDown();
                // Only true if the other job started while this one was still running.
                return bothStarted.await(10, TimeUnit.SECONDS);
            }));
        }
        lanes.runAll();
        assertTrue(pending.get(0).get() && pending.get(1).get());
    }

    @Test
    void aFailedJobRethrowsOnlyWhenItsResultIsRead() {
        SideBySide lanes = new SideBySide(2);
        SideBySide.Pending<String> bad = lanes.add(1, () -> {
            throw new IllegalArgumentException("no such dataset");
        });
        SideBySide.Pending<String> good = lanes.add(1, () -> "fine");
        lanes.runAll();
        assertEquals("fine", good.get());
        assertEquals(
                "no such dataset",
                assertThrows(IllegalArgumentException.class, bad::get).getMessage());
    }

    @Test
    void eachJobsOutputIsPrintedInOnePieceAndStdoutIsRestored() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        AtomicInteger turn = new AtomicInteger();
        try {
            SideBySide lanes = new SideBySide(2);
            for (String name : List.of("a", "b")) {
                lanes.add(1, () -> {
                    // Alternate the two jobs' lines: without holding them back they would interleave.
                    for (int line = 0; line < 3; line++) {
                        int mine = name.equals("a") ? 0 : 1;
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (turn.get() % 2 != mine && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                        System.out.println(name + line);
                        turn.incrementAndGet();
                    }
                    return null;
                });
            }
            lanes.runAll();
            assertEquals(capture, System.out, "stdout is restored");
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains("a0\na1\na2\n") && text.contains("b0\nb1\nb2\n"), "each job's lines together: " + text);
    }
}
