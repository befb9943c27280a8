package org.seqtasks.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.LayerImplementation;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.NativeThreads;
import org.seqtasks.train.Trainer;
import picocli.CommandLine;

/**
 * Runs a picocli command under the project's CLI contract: exit 0 on success, 1 on a runtime failure
 * with a one-line reason on stderr, 2 on bad usage (picocli's own message). Stack traces only with
 * {@code --verbose}, because a user's mistake deserves a sentence, not 40 lines of frames.
 */
public final class Cli {
    private Cli() {}

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
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.equals(LAYERS_IMPL)) {
                if (i + 1 >= args.length) {
                    throw new CommandLine.ParameterException(
                            cl, "Missing required parameter for option '" + LAYERS_IMPL + "' (fast or stock)");
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
                throw new CommandLine.ParameterException(
                        cl, "Invalid value for option '" + LAYERS_IMPL + "': " + e.getMessage());
            }
        }
        return rest.toArray(String[]::new);
    }

    /** For {@code main}: parses, runs, maps failures to exit codes. */
    public static int execute(Object command, String... args) {
        // --verbose is accepted anywhere on the line and consumed here, so no command has to declare it.
        boolean verbose = Arrays.asList(args).contains("--verbose");
        String[] withoutVerbose =
                Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        CommandLine cl = commandLine(command);
        String[] rest;
        try {
            rest = applyLayerImplementation(cl, withoutVerbose);
        } catch (CommandLine.ParameterException e) {
            cl.getErr().println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        cl.setExecutionStrategy(parseResult -> {
            OptionRules.check(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (!(cause instanceof UserFacingException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof UsageException usage) {
                // found after parsing (an unknown dataset name): the same words and exit code as picocli's own
                System.err.println(usage.usageLine());
                System.err.println(
                        "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
                return 2;
            }
            if (cause instanceof UserFacingException) {
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
        Interrupts.install();
        int code = cl.execute(rest);
        Trainer.Interruption stopped = Trainer.takeInterruption();
        if (stopped != null && code == 0) {
            System.err.println("interrupted at epoch " + stopped.epoch() + ", iteration " + stopped.iteration()
                    + (stopped.folder() != null ? "; resume with --resume " + Cli.displayPath(stopped.folder()) : ""));
            return Interrupts.exitCode();
        }
        return code;
    }

    /** A folder as the user would type it: relative to the working folder when inside it. */
    static String displayPath(Path dir) {
        Path here = Path.of("").toAbsolutePath();
        Path abs = dir.toAbsolutePath().normalize();
        return abs.startsWith(here) && !abs.equals(here) ? here.relativize(abs).toString() : abs.toString();
    }

    /**
     * For {@code run(args)}: parses {@code args} against {@code command} and calls the chosen leaf
     * command directly, so tests and {@code compare} get the {@link RunResult} and any exception as is.
     */
    public static RunResult run(Object command, String... args) {
        NativeThreads.configure();
        CommandLine cl = commandLine(command);
        CommandLine.ParseResult parsed = cl.parseArgs(applyLayerImplementation(cl, args));
        OptionRules.check(parsed);
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
            throw new UserFacingException(e.getMessage(), e);
        }
    }

    /** Creates an output folder, or fails with one line saying which and why. */
    public static Path createFolder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserFacingException("cannot create output folder " + dir + ": " + e.getMessage());
        }
    }

    /**
     * A new output folder for a run, created here: {@code runs/<name>-<yyyyMMdd-HHmmss>}, with {@code -2}, {@code -3}
     * ... appended when a run that started in the same second has it already (creating a folder is atomic, so two
     * simultaneous runs never share one).
     */
    public static Path defaultRunFolder(String name) {
        return newFolder(
                Path.of("runs"),
                name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    static Path newFolder(Path parent, String base) {
        createFolder(parent);
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? base : base + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken: try the next suffix
            } catch (IOException e) {
                throw new UserFacingException("cannot create output folder " + dir + ": " + e.getMessage());
            }
        }
    }
}
