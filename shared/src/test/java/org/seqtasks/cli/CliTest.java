package org.seqtasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void runsStartedInTheSameSecondGetFoldersOfTheirOwn() throws Exception {
        int runs = 8;
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Path> made = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                made.add(Cli.newFolder(dir.resolve("runs"), "charlm-lstm-20261201-120000"));
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        Set<Path> distinct = new HashSet<>(made);
        assertEquals(runs, distinct.size(), "every run its own folder: " + made);
        assertTrue(distinct.contains(dir.resolve("runs/charlm-lstm-20261201-120000")));
        assertTrue(distinct.contains(dir.resolve("runs/charlm-lstm-20261201-120000-" + runs)));
        assertTrue(distinct.stream().allMatch(Files::isDirectory));
    }

    @Test
    void numbersOutsideTheirRangeAndNonFiniteOnesAreNamedProblems() {
        assertEquals("must be a finite number, got NaN", OptionRules.problem("--lr", Double.NaN));
        assertEquals(
                "must be a finite number, got Infinity",
                OptionRules.problem("--max-minutes", Double.POSITIVE_INFINITY));
        assertEquals("must be in (0, 10], got 0.0", OptionRules.problem("--lr", 0.0));
        assertEquals("must be >= 1, got 0", OptionRules.problem("--epochs", 0));
        assertEquals("must be in [0, 1), got 1.0", OptionRules.problem("--dropout", 1.0));
        assertEquals("'avg' is not one of [ends, last, max]", OptionRules.problem("--pooling", "avg"));
        assertEquals(null, OptionRules.problem("--pooling", "MAX"));
        assertEquals(null, OptionRules.problem("--lr", 2e-3));
        assertEquals(null, OptionRules.problem("--seed", -7L));
    }
}
