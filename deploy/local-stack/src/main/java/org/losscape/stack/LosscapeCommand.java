package org.losscape.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code losscape} command: the demo, the experiments of the study, the bare local stack,
 * and the benchmark.
 */
@Command(
        name = "losscape",
        mixinStandardHelpOptions = true,
        version = "losscape 0.1.0",
        description = "Loss landscapes of neural networks, on this machine.",
        subcommands = {DemoCommand.class, ExperimentCommand.class, StackCommand.class,
            BenchCommand.class})
public final class LosscapeCommand implements Runnable {

    /** Exit code of a failure the message explains (missing data, port in use, ...). */
    static final int STACK_FAILURE = 2;

    /** Exit code after Ctrl-C stopped the stack, as shells report an interrupted command. */
    static final int STOPPED_BY_SIGNAL = 130;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new LosscapeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    if (LocalStack.stoppedBySignal()) {
                        return STOPPED_BY_SIGNAL;
                    }
                    if (error instanceof StackException) {
                        commandLine.getErr().println("losscape: " + error.getMessage());
                        return STACK_FAILURE;
                    }
                    throw error;
                });
    }
}
