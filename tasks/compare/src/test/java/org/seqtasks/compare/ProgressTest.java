package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private double now;

    private Progress progress(double plannedSeconds, int width) {
        return new Progress(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                plannedSeconds,
                width,
                () -> now);
    }

    /**
     * Four 60-second jobs, two at a time: when the first ends, the second has run as long, so one pair is left (60 s).
     * Counting only finished jobs read three jobs left at one job per 60 s: 3:00.
     */
    @Test
    void aRunningJobCountsAsFarAsItHasGot() throws Exception {
        Progress p = progress(240, 2);
        assertEquals("about 2:00 planned", p.eta());
        Callable<Void> first = p.step("first", 60, () -> {
            now += 60;
            return null;
        });
        Callable<Void> second = p.step("second", 60, () -> {
            first.call(); // runs beside the second, both started at t = 0
            assertEquals("about 1:00 left", p.eta());
            now += 15;
            return null;
        });
        second.call();
        // 120 planned seconds took 135: 120 left at that pace, two at a time
        assertEquals("about 1:08 left", p.eta());
    }

    /** A machine twice as slow as the plan doubles what is left. */
    @Test
    void aSlowMachineStretchesTheEstimate() throws Exception {
        Progress p = progress(300, 1);
        p.step("a", 100, () -> {
                    now += 200;
                    return null;
                })
                .call();
        assertEquals("about 6:40 left", p.eta());
    }
}
