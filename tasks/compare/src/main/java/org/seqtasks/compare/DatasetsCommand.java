package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.DatasetCatalog;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./seqtasks datasets list | fetch NAME | verify [NAME]}: the catalog from the command line. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "List, fetch and verify catalog datasets.",
        subcommands = {DatasetsCommand.ListDatasets.class, DatasetsCommand.Fetch.class, DatasetsCommand.Verify.class})
final class DatasetsCommand {
    @Option(
            names = "--data-dir",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    Path dataDir;

    DatasetResolver resolver() {
        return DatasetResolver.standard(dataDir);
    }

    @Command(name = "list", description = "Name, task, size and license of every catalog dataset.")
    static final class ListDatasets implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        DatasetsCommand parent;

        @Override
        public Integer call() {
            DatasetCatalog catalog = DatasetCatalog.load();
            for (DatasetCatalog.Entry e : catalog.entries()) {
                System.out.printf(
                        Locale.ROOT,
                        "%-18s %-10s %8.1f MB  %s%n    license: %s%n",
                        e.name(),
                        e.task(),
                        e.totalBytes() / 1e6,
                        e.description(),
                        e.license());
            }
            System.out.println("data roots, in order: --data-dir, SEQTASKS_DATA, cache "
                    + DatasetResolver.defaultCache() + ", then download");
            return 0;
        }
    }

    @Command(name = "fetch", description = "Make a dataset available locally (downloads into the cache when missing).")
    static final class Fetch implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            for (Map.Entry<String, Path> f : parent.resolver().resolve(name).entrySet()) {
                System.out.println(f.getKey() + " -> " + f.getValue());
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            description = "Check local copies against the catalog's sha256 (all datasets when NAME is omitted).")
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        DatasetsCommand parent;

        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Override
        public Integer call() {
            DatasetResolver resolver = parent.resolver();
            List<String> names = name != null
                    ? List.of(name)
                    : resolver.catalog().entries().stream()
                            .map(DatasetCatalog.Entry::name)
                            .toList();
            int bad = 0;
            for (String n : names) {
                // pretrained vectors are optional (no task needs them): checked when present or named, not missed
                // otherwise
                boolean optional = name == null
                        && WordVectors.CATALOG_TASK.equals(
                                resolver.catalog().get(n).task());
                for (DatasetResolver.Check c : resolver.verify(n)) {
                    boolean absentOptional = optional && c.status().equals("MISSING");
                    System.out.printf(
                            "%-9s %-45s %s%n",
                            absentOptional ? "OPTIONAL" : c.status(),
                            c.path(),
                            c.location() == null
                                    ? (absentOptional
                                            ? "pretrained vectors, not fetched (fetch with 'datasets fetch " + n + "')"
                                            : c.detail())
                                    : c.location() + " (" + c.detail() + ")");
                    bad += c.ok() || absentOptional ? 0 : 1;
                }
            }
            if (bad > 0) {
                throw new UserFacingException(bad + " file(s) missing or not matching the catalog");
            }
            return 0;
        }
    }
}
