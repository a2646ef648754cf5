package org.losscape.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.losscape.training.TrainingProgress;

/**
 * Micrometer meters of training: {@code losscape.training.step} (timer, one sample per SGD
 * step), {@code losscape.training.epochs} (counter of completed training epochs, epoch 0 not
 * counted), {@code losscape.training.images.per.second} (gauge, the current epoch's rate;
 * 0 when idle) and {@code losscape.trainer.runs.ended} (counter of runs that ended, tagged
 * {@code state} DONE, FAILED or CANCELLED).
 */
@ApplicationScoped
class TrainingMetrics {

    private final Timer step;
    private final Counter epochs;
    private final AtomicLong imagesPerSecondBits = new AtomicLong(Double.doubleToLongBits(0));
    private final Map<RunState, Counter> runsEnded = new EnumMap<>(RunState.class);

    TrainingMetrics(MeterRegistry registry) {
        step = Timer.builder("losscape.training.step")
                .description("Wall time of one training step: batch, forward, backward, update")
                .register(registry);
        epochs = Counter.builder("losscape.training.epochs")
                .description("Training epochs completed and published")
                .register(registry);
        Gauge.builder("losscape.training.images.per.second", imagesPerSecondBits,
                        bits -> Double.longBitsToDouble(bits.get()))
                .description("Training images per second in the current epoch")
                .register(registry);
        // Registered up front so that each state reads 0 before its first run ends.
        for (RunState state : List.of(RunState.DONE, RunState.FAILED, RunState.CANCELLED)) {
            runsEnded.put(state, Counter.builder("losscape.trainer.runs.ended")
                    .description("Runs that ended, by their final state")
                    .tag("state", state.name())
                    .register(registry));
        }
    }

    void stepDone(TrainingProgress progress) {
        step.record(Duration.ofNanos((long) (progress.stepSeconds() * 1e9)));
        imagesPerSecondBits.set(Double.doubleToLongBits(progress.imagesPerSecond()));
    }

    void epochDone(int epoch) {
        if (epoch > 0) {
            epochs.increment();
        }
    }

    /** A run reached {@code state}, one of DONE, FAILED and CANCELLED. */
    void runEnded(RunState state) {
        Counter counter = runsEnded.get(state);
        if (counter == null) {
            throw new IllegalArgumentException("state (" + state
                    + ") must be DONE, FAILED or CANCELLED");
        }
        counter.increment();
    }

    void idle() {
        imagesPerSecondBits.set(Double.doubleToLongBits(0));
    }
}
