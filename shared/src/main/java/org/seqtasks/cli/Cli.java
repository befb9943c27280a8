package org.seqtasks.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.seqtasks.data.SeqtasksException;
import org.seqtasks.model.LayerImplementation;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.NativeThreads;
import picocli.CommandLine;

/**
 * Runs a picocli command under the project's CLI contract: exit 0 on success, 1 on a runtime failure
 * with a one-line reason on stderr, 2 on bad usage (picocli's own message). Stack traces only with
 * {@code --verbose}, because a user's mistake deserves a sentence, not 40 lines of frames.
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The option every command accepts (consumed here, like --verbose): which code runs the recurrent layers. */
    public static final String LAYERS_IMPL = "--layers-impl";

    /**
     * Applies and removes {@code --layers-impl fast|stock} wherever it stands on the line; returns the rest.
     *
     * @throws CommandLine.ParameterException for a missing or unknown value (exit 2)
     */
    static String[] applyLayerImplementation(CommandLine cl, String[] args) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.equals(LAYERS_IMPL)) {
                if (i + 1 >= args.length) {
                    throw new CommandLine.ParameterException(cl, "Missing required parameter for option '" + LAYERS_IMPL + "' (fast or stock)");
                }
                value = args[++i];
            } else if (a.startsWith(LAYERS_IMPL + "=")) {
                value = a.substring(LAYERS_IMPL.length() + 1);
            } else {
                rest.add(a);
                continue;
            }
            try {
                LayerImplementation.use(LayerImplementation.parse(value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "Invalid value for option '" + LAYERS_IMPL + "': " + e.getMessage());
            }
        }
        return rest.toArray(String[]::new);
    }

    /** For {@code main}: parses, runs, maps failures to exit codes. */
    public static int execute(Object command, String... args) {
        // --verbose is accepted anywhere on the line and consumed here, so no command has to declare it.
        boolean verbose = Arrays.asList(args).contains("--verbose");
        String[] withoutVerbose = Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        CommandLine cl = commandLine(command);
        String[] rest;
        try {
            rest = applyLayerImplementation(cl, withoutVerbose);
        } catch (CommandLine.ParameterException e) {
            cl.getErr().println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (!(cause instanceof SeqtasksException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof SeqtasksException) {
                System.err.println("error: " + cause.getMessage());
            } else {
                System.err.println("error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
            }
            if (verbose) {
                e.printStackTrace();
            }
            return 1;
        });
        NativeThreads.configure();
        return cl.execute(rest);
    }

    /**
     * For {@code run(args)}: parses {@code args} against {@code command} and calls the chosen leaf
     * command directly, so tests and {@code compare} get the {@link RunResult} and any exception as is.
     */
    public static RunResult run(Object command, String... args) {
        NativeThreads.configure();
        CommandLine cl = commandLine(command);
        CommandLine.ParseResult parsed = cl.parseArgs(applyLayerImplementation(cl, args));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object leaf = parsed.commandSpec().userObject();
        if (!(leaf instanceof Callable<?> callable)) {
            throw new IllegalArgumentException("no runnable command in: " + String.join(" ", args));
        }
        try {
            Object result = callable.call();
            if (!(result instanceof RunResult r)) {
                throw new IllegalStateException(parsed.commandSpec().name() + " returned no RunResult");
            }
            return r;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SeqtasksException(e.getMessage(), e);
        }
    }

    /** Creates an output folder, or fails with one line saying which and why. */
    public static Path createFolder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SeqtasksException("cannot create output folder " + dir + ": " + e.getMessage());
        }
    }

    /** The default output folder of a run: {@code runs/<name>-<yyyyMMdd-HHmmss>}. */
    public static Path defaultRunFolder(String name) {
        return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
