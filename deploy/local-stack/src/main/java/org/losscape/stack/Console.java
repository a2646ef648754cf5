package org.losscape.stack;

import java.io.PrintStream;
import java.time.Duration;

/** Progress lines on standard output, each stamped with the time since the command started. */
final class Console {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Console(PrintStream out) {
        this.out = out;
    }

    void say(String line) {
        out.println("[" + clock(elapsed()) + "] " + line);
        out.flush();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** "1 epoch", "3 epochs": {@code n} and the noun with an "s" unless n is 1. */
    static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    /** "1 batch", "79 batches": {@code n} and {@code one} or {@code many}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds >= 3600) {
            return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    /** {@link #clock} of {@code seconds}, or "?" when it is not finite. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        return clock(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
