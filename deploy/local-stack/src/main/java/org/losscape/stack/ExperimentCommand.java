package org.losscape.stack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code losscape experiment <name>}: one command per experiment of Li et al. (2018), each at
 * a small size for a CPU and at the paper's size.
 */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "The experiments of the study (Li et al., 2018), one command each:"
                + " skip connections, the PCA plane of a trajectory, small and large batches.",
        subcommands = {SkipExperiment.class, TrajectoryExperiment.class, BatchExperiment.class})
final class ExperimentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
