package org.losscape.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.losscape.training.TrainingProgress;

/**
 * Micrometer meters of training: {@code losscape.training.step} (timer, one sample per SGD
 * step), {@code losscape.training.epochs} (counter of completed training epochs, epoch 0 not
 * counted) and {@code losscape.training.images.per.second} (gauge, the current epoch's rate;
 * 0 when idle).
 */
@ApplicationScoped
class TrainingMetrics {

    private final Timer step;
    private final Counter epochs;
    private final AtomicLong imagesPerSecondBits = new AtomicLong(Double.doubleToLongBits(0));

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

    void idle() {
        imagesPerSecondBits.set(Double.doubleToLongBits(0));
    }
}
