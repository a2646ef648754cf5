package org.losscape.projection.runs;

import ai.djl.Model;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.losscape.data.Datasets;
import org.losscape.interchange.Safetensors;
import org.losscape.messages.CheckpointEvent;
import org.losscape.messages.EpochMetrics;
import org.losscape.model.ModelSpec;
import org.losscape.projection.ProjectionConfig;
import org.losscape.projection.api.ApiException;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensors;

/**
 * Imports a checkpoint trained elsewhere (a PyTorch state dict saved as safetensors) so that
 * Losscape can examine it like one of its own: the tensors are read under PyTorch's names
 * ({@link Safetensors}), loaded into a model of the named architecture and stored as a DJL
 * checkpoint at {@code runs/{runId}/checkpoints/epoch-NNNN.params}; {@code run.json} is written
 * if the run has none; and a {@link CheckpointEvent} goes to topic {@code checkpoints} (channel
 * {@code checkpoint-imports}), so that every service learns of the run as of a trained one.
 *
 * <p>The event has NaN metrics (nothing was measured here) and learning rate NaN. It is
 * {@code last} when {@code epoch == epochs}; {@code epochs} defaults to the larger of
 * {@code epoch} and the run's latest stored epoch, so a single import is the run's final
 * checkpoint and gets the auto surface, while a trajectory imported with {@code epochs} set to
 * its final epoch gets one auto surface, of that epoch. An existing checkpoint is never
 * replaced (409): a run's checkpoints are immutable, surfaces refer to them by key.
 */
@ApplicationScoped
public class CheckpointImporter {

    private static final String PARAMS = "application/octet-stream";
    private static final EpochMetrics NOT_MEASURED = new EpochMetrics(
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    private final ObjectStore store;
    private final RunIndex runs;
    private final MutinyEmitter<Record<String, CheckpointEvent>> events;
    private final Duration timeout;

    CheckpointImporter(ObjectStore store, RunIndex runs,
            @Channel("checkpoint-imports") MutinyEmitter<Record<String, CheckpointEvent>> events,
            ProjectionConfig config) {
        this.store = store;
        this.runs = runs;
        this.events = events;
        this.timeout = config.publishTimeout();
    }

    /**
     * Stores {@code safetensors} as checkpoint {@code epoch} of {@code runId} and announces it.
     *
     * @param model the architecture, e.g. {@code resnet20}
     * @param dataset the data set it was trained on; null: the run's, or cifar10 for a new run
     * @param epochs the run's final epoch; null: see the class notes
     * @return the published event
     */
    public CheckpointEvent importCheckpoint(String runId, int epoch, String model,
            String dataset, Integer epochs, byte[] safetensors) {
        RunIds.check("runId", runId);
        if (epoch < 0) {
            throw ApiException.invalid("epoch", "epoch (" + epoch + ") must be >= 0");
        }
        ModelSpec spec = modelSpec(model);
        Optional<Run> known = runs.find(runId, null);
        String datasetName = dataset != null
                ? dataset
                : known.map(Run::dataset).orElse(Datasets.CIFAR10);
        requireDataset(datasetName);
        known.ifPresent(run -> requireSameRun(run, spec, datasetName));
        int lastEpoch = epochs != null
                ? epochs
                : Math.max(epoch, known.map(Run::lastEpoch).orElse(epoch));
        if (lastEpoch < epoch) {
            throw ApiException.invalid("epochs", "epochs (" + lastEpoch + ") must be >= epoch ("
                    + epoch + "): it is the run's final epoch");
        }
        String key = ObjectKeys.checkpoint(runId, epoch);
        if (store.exists(key)) {
            throw ApiException.conflict("epoch", "run " + runId + " already has a checkpoint of "
                    + "epoch " + epoch + "; checkpoints are never replaced");
        }
        if (safetensors == null || safetensors.length == 0) {
            throw ApiException.invalid("body", "body is empty; send the safetensors file");
        }

        store.put(key, checkpointBytes(spec, datasetName, safetensors), PARAMS);
        if (!store.exists(ObjectKeys.run(runId))) {
            store.putJson(ObjectKeys.run(runId), runDocument(runId, spec, datasetName));
        }
        CheckpointEvent event = new CheckpointEvent(runId, spec.name(), datasetName, epoch,
                lastEpoch, key, NOT_MEASURED, epoch == lastEpoch, Instant.now(),
                /* autoSurface= */ null);
        runs.record(event);
        events.send(Record.of(runId, event)).await().atMost(timeout);
        Log.infof("imported checkpoint %d of run %s (%s, %s) from safetensors", epoch, runId,
                spec.name(), datasetName);
        return event;
    }

    private static ModelSpec modelSpec(String model) {
        if (model == null) {
            throw ApiException.invalid("model", "model is required, e.g. ?model=resnet20");
        }
        try {
            return ModelSpec.parse(model);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("model", e.getMessage());
        }
    }

    private static void requireDataset(String dataset) {
        try {
            DatasetFacts.of(dataset);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("dataset", "dataset (" + dataset + ") must be one of "
                    + String.join(", ", Datasets.NAMES));
        }
    }

    private static void requireSameRun(Run run, ModelSpec spec, String dataset) {
        if (!run.model().equals(spec.name())) {
            throw ApiException.invalid("model", "model (" + spec.name() + ") differs from run "
                    + run.runId() + "'s model " + run.model());
        }
        if (!run.dataset().equals(dataset)) {
            throw ApiException.invalid("dataset", "dataset (" + dataset + ") differs from run "
                    + run.runId() + "'s data set " + run.dataset());
        }
    }

    /** The tensors of the file, checked and loaded into a model, in DJL's checkpoint format. */
    private static byte[] checkpointBytes(ModelSpec spec, String dataset, byte[] safetensors) {
        try (Model model = CheckpointReader.newModel(spec.name(), dataset)) {
            ParameterTensors layout = ParameterTensors.of(model.getBlock());
            ParameterTensors theta;
            try {
                theta = Safetensors.read(safetensors, layout, spec);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("body", e.getMessage());
            }
            theta.restoreInto(model.getBlock());
            return Checkpoints.save(model);
        }
    }

    private static Map<String, Object> runDocument(String runId, ModelSpec spec, String dataset) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", runId);
        document.put("model", spec.name());
        document.put("dataset", dataset);
        document.put("state", "IMPORTED");
        document.put("source", "safetensors");
        document.put("createdAt", Instant.now());
        return document;
    }
}
