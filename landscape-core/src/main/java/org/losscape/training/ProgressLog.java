package org.losscape.training;

import ai.djl.Model;
import java.time.Duration;
import java.util.Locale;
import org.losscape.messages.EpochMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that logs training progress at info: a step line at most every
 * {@code interval} (and at the end of each epoch), and one line per evaluated epoch.
 */
public final class ProgressLog implements ProgressListener, EpochListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final String run;
    private final int epochs;
    private final long intervalNanos;
    private long lastLogNanos = System.nanoTime();

    /**
     * @param run what is being trained, as it should appear in each line (e.g. the run id)
     * @param interval the least time between two step lines
     */
    public ProgressLog(String run, int epochs, Duration interval) {
        this.run = run;
        this.epochs = epochs;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void onStep(TrainingProgress progress) {
        long now = System.nanoTime();
        if (now - lastLogNanos < intervalNanos && progress.batch() < progress.batches()) {
            return;
        }
        lastLogNanos = now;
        LOG.info(String.format(Locale.ROOT,
                "%s: epoch %d/%d, step %d/%d (%.1f%% of run), %.0f images/s, batch loss %.4f,"
                        + " ETA %s",
                run, progress.epoch(), progress.epochs(), progress.batch(), progress.batches(),
                100 * progress.fractionDone(), progress.imagesPerSecond(), progress.stepLoss(),
                format(progress.etaSeconds())));
    }

    @Override
    public void onEpoch(int epoch, EpochMetrics metrics, Model model) {
        LOG.info(String.format(Locale.ROOT,
                "%s: epoch %d/%d: train loss %.4f acc %.2f%%, test loss %.4f acc %.2f%%,"
                        + " lr %.3g, %.1f s",
                run, epoch, epochs, metrics.trainLoss(), 100 * metrics.trainAccuracy(),
                metrics.testLoss(), 100 * metrics.testAccuracy(), metrics.learningRate(),
                metrics.seconds()));
    }

    /** Seconds as h:mm:ss; "?" when not finite. */
    static String format(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60,
                whole % 60);
    }
}
