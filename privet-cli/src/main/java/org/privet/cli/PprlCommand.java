package org.privet.cli;

import picocli.CommandLine.Command;

/** {@code privet pprl}: privacy-preserving record linkage. */
@Command(name = "pprl", mixinStandardHelpOptions = true,
        description = "Privacy-preserving record linkage: encode records into Bloom-filter CLKs, link encoded "
                + "databases (.clk files), evaluate links, make synthetic test data, and attack encodings to see "
                + "what each hardening buys.",
        subcommands = {PprlEncodeCommand.class, PprlLinkCommand.class, PprlEvalCommand.class, PprlSynthCommand.class,
            PprlAttackCommand.class})
final class PprlCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
