package org.losscape.stack;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.losscape.data.Cifar10;

/**
 * How many training and test images a CIFAR-10 location holds, so that the commands can fit
 * their sizes to a subset. {@link #of} checks the copy by the rules the services read it with
 * ({@link Cifar10#check}), so that a damaged copy is refused before the stack starts rather
 * than by the trainer half a minute later.
 */
record CifarSizes(int train, int test) {

    private static final String EXPECTED = "Expected the official binary version: the archive"
            + " cifar-10-binary.tar.gz, its cifar-10-batches-bin folder, or a folder holding"
            + " that folder.";

    /**
     * Checks and counts a {@code cifar-10-batches-bin} folder, a folder holding one, or the
     * archive.
     *
     * @throws StackException naming the file and what is wrong with it
     */
    static CifarSizes of(Path location) {
        try {
            Cifar10.Sizes sizes = Cifar10.check(location);
            return new CifarSizes(sizes.train(), sizes.test());
        } catch (UncheckedIOException e) {
            throw new StackException("cannot read CIFAR-10 at " + location + " ("
                    + e.getCause().getMessage() + "). " + EXPECTED, e);
        } catch (IllegalArgumentException e) {
            throw new StackException("cannot use CIFAR-10 at " + location + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The {@code requested} count, else {@code preferred}, at most {@code available}; says so
     * when a requested count is cut.
     *
     * @param images what {@code available} counts, e.g. "training images", for the messages
     */
    static int fit(String flag, Integer requested, int preferred, int available, String images,
            Consumer<String> say) {
        int wanted = requested != null ? requested : preferred;
        if (wanted < 1) {
            throw new StackException(flag + " (" + wanted + ") must be in [1, " + available
                    + "]: this CIFAR-10 copy holds " + available + " " + images
                    + " (a larger value is cut to that)");
        }
        if (wanted > available) {
            if (requested != null) {
                say.accept(flag + " " + requested + " is more than the " + available + " "
                        + images + " this copy holds; using " + available);
            }
            return available;
        }
        return wanted;
    }
}
