package org.losscape.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the trainer service ({@code losscape.trainer.*}): the run queue, logging, and the
 * values a {@code POST /runs} body may leave out.
 */
@ConfigMapping(prefix = "losscape.trainer")
public interface TrainerConfig {

    /** Runs that may wait behind the running one; a POST beyond that is refused with 429. */
    @WithDefault("16")
    int queueCapacity();

    /** Least time between two progress lines of a run in the log. */
    @WithDefault("30s")
    Duration progressLogInterval();

    /** Request defaults: the reference CIFAR-10 recipe of Li et al. (2018), 300 epochs. */
    Defaults defaults();

    /** Values used for fields a run request leaves out. */
    interface Defaults {

        @WithDefault("resnet20")
        String model();

        @WithDefault("cifar10")
        String dataset();

        @WithDefault("300")
        int epochs();

        @WithDefault("128")
        int batchSize();

        @WithDefault("0.1")
        double learningRate();

        @WithDefault("0.9")
        double momentum();

        @WithDefault("false")
        boolean nesterov();

        @WithDefault("5e-4")
        double weightDecay();

        /**
         * {@code constant}, {@code milestones} or {@code plateau}; absent means
         * {@code milestones} when there are milestones, else {@code constant}.
         */
        Optional<String> lrSchedule();

        /** Used only by the {@code milestones} schedule. */
        @WithDefault("150,225,275")
        List<Integer> milestones();

        @WithDefault("0.1")
        double gamma();

        /** Plateau schedule; PyTorch's ReduceLROnPlateau default. */
        @WithDefault("10")
        int patience();

        /** Plateau schedule: the rate does not drop below this. */
        @WithDefault("0")
        double minLearningRate();

        @WithDefault("0")
        long seed();

        /** Training images; absent means the whole training split. */
        Optional<Integer> trainSize();

        /** Test images; absent means the whole test split. */
        Optional<Integer> testSize();

        @WithDefault("true")
        boolean augment();
    }
}
