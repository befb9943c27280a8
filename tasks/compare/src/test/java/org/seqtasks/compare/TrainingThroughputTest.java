package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqtasks.cli.Cli;
import org.seqtasks.data.DatasetCatalog;
import picocli.CommandLine;

/** The bench's task rows must be train lines the commands accept, set to the peer's model. */
class TrainingThroughputTest {

    @Test
    void everyTaskRowIsATrainLineTheCommandAccepts() {
        for (TrainingThroughput bench : TrainingThroughput.ALL) {
            for (String cell : List.of("rnn", "lstm", "gru")) {
                List<String> args = bench.ours(cell, 0.5, Path.of("out"));
                CommandLine.ParseResult parsed =
                        Cli.commandLine(new SeqtasksMain()).parseArgs(args.toArray(String[]::new));
                CommandLine.ParseResult train = parsed.subcommand().subcommand();
                assertEquals("train", train.commandSpec().name(), bench.task());
                assertEquals(
                        "none",
                        train.matchedOptionValue("--embeddings", ""),
                        "no pretrained vectors: the peer has none");
                assertEquals(128, (int) train.matchedOptionValue("--hidden", 0), "the peer's width");
                assertEquals(32, (int) train.matchedOptionValue("--batch", 0), "the peer's batch");
                assertTrue(train.hasMatchedOption("--max-minutes"));
            }
        }
    }

    @Test
    void thePeersDataIsACatalogEntryWithTheFilesItsScriptReads() {
        DatasetCatalog catalog = DatasetCatalog.load();
        List<String> sentiment = fileNames(catalog, TrainingThroughput.SENTIMENT.peerData());
        assertTrue(
                sentiment.containsAll(List.of("sst2-glue/train.tsv.gz", "sst2-glue/dev.tsv")),
                "sentiment_ref.py --sst-dir: " + sentiment);
        List<String> postag = fileNames(catalog, TrainingThroughput.POSTAG.peerData());
        assertTrue(
                postag.stream().anyMatch(f -> f.endsWith("train.conllu.gz"))
                        && postag.stream().anyMatch(f -> f.endsWith("dev.conllu.gz")),
                "pos_ref.py --train/--dev: " + postag);
    }

    private static List<String> fileNames(DatasetCatalog catalog, String dataset) {
        return catalog.get(dataset).files().stream().map(f -> f.path()).toList();
    }
}
