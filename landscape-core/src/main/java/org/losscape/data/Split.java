package org.losscape.data;

import java.util.Locale;

/** The part of a data set: the training images or the held-out test images. */
public enum Split {
    TRAIN,
    TEST;

    /**
     * Parses {@code train} or {@code test}, ignoring case.
     *
     * @throws IllegalArgumentException naming the field {@code split} for anything else
     */
    public static Split parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "train":
                    return TRAIN;
                case "test":
                    return TEST;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("split (" + text + ") must be train or test");
    }

    /** The lower-case name used in messages and configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
