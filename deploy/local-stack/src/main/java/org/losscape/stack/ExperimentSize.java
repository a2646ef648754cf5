package org.losscape.stack;

import java.util.Locale;

/** The two sizes of each experiment of the study. */
enum ExperimentSize {

    /** Minutes on a laptop's CPU: a few epochs on a few thousand images, coarse grids. */
    SMALL,

    /** The paper's sizes: all of CIFAR-10, 300 epochs, 51×51 grids; for a GPU cluster. */
    FULL;

    /** {@code small} or {@code full}, as the flag spells it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
