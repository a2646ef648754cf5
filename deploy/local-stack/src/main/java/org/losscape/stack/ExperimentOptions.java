package org.losscape.stack;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags every experiment takes: its size, the stack's, training and surface flags. */
final class ExperimentOptions {

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "small",
            description = "small: minutes on two CPU cores (a subset, a few epochs, coarse"
                    + " grids); full: the paper's sizes (all of CIFAR-10, 300 epochs, 51×51"
                    + " grids), for a GPU cluster. Every size can be overridden by its flag."
                    + " Default: ${DEFAULT-VALUE}.")
    ExperimentSize size;

    @Mixin
    StackOptions stack;

    @Mixin
    TrainingOptions training;

    @Mixin
    SurfaceOptions surface;

    @Option(names = "--exit-when-done",
            description = "Stop the stack and exit once the experiment's surfaces are complete.")
    boolean exitWhenDone;

    /**
     * Checks the given flags of the stack, the training and the surfaces before anything
     * starts; {@code maxPoints} as in {@link SurfaceOptions#check}.
     */
    void check(int maxPoints) {
        stack.check();
        training.check();
        surface.check(maxPoints);
    }

    /** The preset of the chosen {@code --size}. */
    Preset preset(Preset small, Preset full) {
        return size == ExperimentSize.FULL ? full : small;
    }

    /**
     * The stack of an experiment, in {@code work/<name>-<date>-<time>} unless
     * {@code --work-dir} says otherwise. The projection service's automatic surface of each
     * final checkpoint is off: the experiment plans exactly the surfaces it shows.
     */
    StackConfig stackConfig(Installation installation, String name, Path data) {
        return stack.toConfig(installation, name, data, Map.of(Service.PROJECTION,
                Map.of("losscape.projection.auto-surface.enabled", "false")));
    }
}
