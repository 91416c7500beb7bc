package org.privet.cli;

import picocli.CommandLine.Command;

/** {@code privet pprl}: privacy-preserving record linkage. */
@Command(name = "pprl", mixinStandardHelpOptions = true,
        description = "Privacy-preserving record linkage: link encoded databases (.clk files) and evaluate links.",
        subcommands = {PprlLinkCommand.class, PprlEvalCommand.class})
final class PprlCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
