package org.losscape.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the learning rate changes from epoch to epoch; in JSON the lower-case name
 * ({@code "plateau"}). {@code LearningRateSchedule} holds the rules.
 */
public enum LrSchedule {

    /** The initial rate for every epoch. */
    CONSTANT,

    /** The rate times {@code gamma} after each milestone epoch, as PyTorch's MultiStepLR. */
    MILESTONES,

    /**
     * The rate times {@code gamma} when the training loss has not improved for more than
     * {@code patience} epochs, as PyTorch's ReduceLROnPlateau.
     */
    PLATEAU;

    /** The JSON and REST name. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The schedule named {@code id}, case-insensitive.
     *
     * @throws InvalidFieldException naming {@code lrSchedule} for any other name
     */
    @JsonCreator
    public static LrSchedule parse(String id) {
        for (LrSchedule schedule : values()) {
            if (schedule.id().equalsIgnoreCase(id)) {
                return schedule;
            }
        }
        throw new InvalidFieldException("lrSchedule", "lrSchedule (" + id + ") must be one of "
                + Arrays.stream(values()).map(LrSchedule::id).collect(Collectors.joining(", ")));
    }
}
