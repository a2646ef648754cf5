package org.losscape.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows a training run through {@code GET /runs/{id}} until it is done, printing a line per
 * finished epoch (losses and accuracies) and, in between, where the current epoch stands.
 */
final class TrainingFollower {

    /** Both data sets Losscape reads, CIFAR-10 and Fashion-MNIST, have ten balanced classes. */
    static final double CHANCE_ACCURACY = 0.1;

    /**
     * One and a half times chance: below this test accuracy a network has barely learned, and
     * its surface says more about an untrained network than about the architecture or the
     * recipe being compared.
     */
    static final double NEAR_CHANCE_ACCURACY = 0.15;

    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final StackApi api;
    private final Console console;
    private final Runnable requireAlive;

    TrainingFollower(StackApi api, Console console, Runnable requireAlive) {
        this.api = api;
        this.console = console;
        this.requireAlive = requireAlive;
    }

    /**
     * Returns the finished run ({@code state} DONE).
     *
     * @throws StackException when the run fails, quoting the trainer's reason, or is cancelled
     */
    JsonNode follow(String runId) {
        int epochsPrinted = 0;
        long lastProgress = System.nanoTime();
        String lastLine = "";
        while (true) {
            requireAlive.run();
            JsonNode run = api.run(runId);
            JsonNode metrics = run.path("metrics");
            int epochs = run.path("config").path("epochs").asInt();
            for (; epochsPrinted < metrics.size(); epochsPrinted++) {
                console.say(describeEpoch(epochsPrinted, epochs, metrics.get(epochsPrinted)));
                lastProgress = System.nanoTime();
            }

            if (run.path("state").asText().equals("DONE")) {
                return run;
            }
            requireNotStopped(runId, run);
            JsonNode progress = run.path("progress");
            if (!progress.isMissingNode() && !progress.isNull()
                    && System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
                // While an epoch is evaluated its progress stands still: said once is enough.
                String line = describeProgress(progress);
                if (!line.equals(lastLine)) {
                    console.say(line);
                    lastLine = line;
                }
                lastProgress = System.nanoTime();
            }
            Readiness.sleep(POLL);
        }
    }

    /**
     * Throws when the run ended without finishing: FAILED, or CANCELLED through the trainer's
     * {@code POST /runs/{id}/cancel} (by someone else: the demo never cancels).
     */
    static void requireNotStopped(String runId, JsonNode run) {
        switch (run.path("state").asText()) {
            case "FAILED" -> throw new StackException("training run " + runId + " failed: "
                    + run.path("error").asText("no reason given") + "; see the"
                    + " trainer-service log");
            case "CANCELLED" -> throw new StackException("training run " + runId
                    + " was cancelled; its "
                    + Console.count(run.path("checkpoints").size(), "published checkpoint")
                    + " stay under runs/" + runId + "/");
            default -> { }
        }
    }

    private static String describeEpoch(int epoch, int epochs, JsonNode m) {
        String losses = String.format("train loss %.3f, acc %s; test loss %.3f, acc %s",
                m.path("trainLoss").asDouble(), percent(m.path("trainAccuracy").asDouble()),
                m.path("testLoss").asDouble(), percent(m.path("testAccuracy").asDouble()));
        if (epoch == 0) {
            return "initialization: " + losses;
        }
        return String.format("epoch %d/%d: %s (%s, lr %s)", epoch, epochs, losses,
                Console.clock(m.path("seconds").asDouble()),
                rate(m.path("learningRate").asDouble()));
    }

    static String describeProgress(JsonNode p) {
        if (p.path("batch").asInt() == p.path("batches").asInt()) {
            // The epoch's steps are done; its metrics come from an evaluation pass over the
            // training and test images, which the trainer's progress does not count.
            int epoch = p.path("epoch").asInt();
            int epochs = p.path("epochs").asInt();
            String line = String.format("training epoch %d/%d: %s done, evaluating it on the"
                            + " training and test images", epoch, epochs,
                    Console.count(p.path("batches").asInt(), "batch", "batches"));
            // After the last epoch's steps no training is left, only this evaluation.
            return epoch == epochs ? line : line + "; " + Console.clock(
                    p.path("etaSeconds").asDouble()) + " of training left";
        }
        return String.format("training epoch %d/%d, batch %d/%d, step loss %.3f, %.0f images/s,"
                        + " %s left",
                p.path("epoch").asInt(), p.path("epochs").asInt(), p.path("batch").asInt(),
                p.path("batches").asInt(), p.path("stepLoss").asDouble(),
                p.path("imagesPerSecond").asDouble(),
                Console.clock(p.path("etaSeconds").asDouble()));
    }

    /** A rate divided by ten arrives as 0.010000000000000002: six significant digits. */
    static String rate(double learningRate) {
        return BigDecimal.valueOf(learningRate).round(new MathContext(6))
                .stripTrailingZeros().toPlainString();
    }

    /**
     * A warning for a run whose final test accuracy is within {@link #NEAR_CHANCE_ACCURACY} of
     * chance, naming the flags that train it further; empty otherwise (NaN included: the
     * epoch lines show it).
     */
    static Optional<String> nearChanceWarning(String label, double testAccuracy) {
        if (!(testAccuracy < NEAR_CHANCE_ACCURACY)) {
            return Optional.empty();
        }
        return Optional.of(String.format("%s: test accuracy %s is near chance (%s): its surface"
                        + " is that of a network that has barely learned; more epochs or images"
                        + " (--epochs, --train-size) train it further",
                label, percent(testAccuracy), percent(CHANCE_ACCURACY)));
    }

    static String percent(double fraction) {
        return String.format("%.1f%%", 100 * fraction);
    }
}
