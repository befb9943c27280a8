package org.seqtasks.compare;

import org.seqtasks.captioning.CaptioningMain;
import org.seqtasks.charlm.CharLmMain;
import org.seqtasks.cli.Cli;
import org.seqtasks.postag.PosTagMain;
import org.seqtasks.sentiment.SentimentMain;
import org.seqtasks.seq2seq.Seq2SeqMain;
import org.seqtasks.timeseries.TimeseriesMain;
import picocli.CommandLine.Command;

/**
 * The launcher's entry point ({@code ./seqtasks}): one subcommand per task, plus {@code datasets}.
 * Each task's own main class works alone too; this only gathers them under one name.
 */
@Command(
        name = "seqtasks",
        mixinStandardHelpOptions = true,
        version = "seqtasks 0.1.0",
        description = "Recurrent sequence tasks in DL4J, each as SimpleRnn and LSTM.",
        subcommands = {
            CharLmMain.class,
            SentimentMain.class,
            TimeseriesMain.class,
            PosTagMain.class,
            CaptioningMain.class,
            Seq2SeqMain.class,
            DatasetsCommand.class,
            CompareCommand.class,
            BenchCommand.class
        })
public final class SeqtasksMain {
    public static void main(String[] args) {
        System.exit(Cli.execute(new SeqtasksMain(), args));
    }
}
