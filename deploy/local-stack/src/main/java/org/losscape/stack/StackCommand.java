package org.losscape.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code losscape stack}: the stack without the demo, to use the REST APIs and page by hand. */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description = "Starts Kafka, the object store and the four services on loopback and"
                + " keeps them running until Ctrl-C.")
final class StackCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Override
    public Integer call() {
        options.check();

        Console console = new Console(System.out);
        Installation installation = Installation.locate();
        Path data = options.data(console);
        // The services would refuse a damaged copy only when a run or surface first reads it.
        CifarSizes.of(data);
        StackConfig config = options.toConfig(installation, "stack", data, Map.of());

        RunningStack running = RunningStack.start(installation, config, console);
        running.announce();
        running.holdUntilInterrupted();
        return 0;
    }
}
