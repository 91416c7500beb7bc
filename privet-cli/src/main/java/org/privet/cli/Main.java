package org.privet.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code privet} command. Exit codes: 0 success, 1 failure (bad data, failed work),
 * 2 usage (bad flags or arguments). Users never see a stack trace unless they pass
 * {@code --debug} (or set PRIVET_DEBUG=1).
 */
@Command(name = "privet",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Privacy evaluation toolkit for machine learning: attack your models, measure the leak, "
                + "apply the defences that hold.",
        subcommands = {AuditCommand.class, TrainCommand.class, DataCommand.class, ModelCommand.class, DpCommand.class,
            ServeCommand.class, MpcCommand.class, PprlCommand.class, HeCommand.class, FlCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors (for bug reports).")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (no System.exit; used by tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExitCodeExceptionMapper(t -> t instanceof UsageException ? USAGE : FAILURE);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("privet: " + ex.getMessage());
            w.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || "1".equals(System.getenv("PRIVET_DEBUG"));
            if (ex instanceof UsageException) {
                w.println("privet: " + ex.getMessage());
                w.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
                return USAGE;
            }
            w.println("privet: error: " + describe(ex));
            if (debug) {
                ex.printStackTrace(w);
            } else if (isInternal(ex)) {
                w.println("This looks like a bug in Privet; rerun with --debug and report the stack trace.");
            }
            w.flush();
            return FAILURE;
        });
        return cl.execute(args);
    }

    /** The message chain of an error, without class names where the message says enough. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        String last = null;
        while (cur != null) {
            String msg = message(cur);
            if (msg != null && (last == null || !last.contains(msg))) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(msg);
                last = msg;
            }
            cur = cur.getCause() == cur ? null : cur.getCause();
        }
        return sb.length() == 0 ? t.getClass().getSimpleName() : sb.toString();
    }

    private static String message(Throwable t) {
        if (t instanceof NoSuchFileException) {
            return "no such file: " + t.getMessage();
        }
        if (t instanceof UncheckedIOException) {
            return null;
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return m;
    }

    private static boolean isInternal(Throwable t) {
        return t instanceof NullPointerException || t instanceof AssertionError
                || t instanceof ArrayIndexOutOfBoundsException || t instanceof ClassCastException;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"privet " + version(), "Java " + System.getProperty("java.version")};
        }
    }

    static String version() {
        return org.privet.core.Version.current();
    }
}
