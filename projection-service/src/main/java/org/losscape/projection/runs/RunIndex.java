package org.losscape.projection.runs;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.losscape.messages.CheckpointEvent;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;

/**
 * The runs this service can project, by id: fed by the {@code checkpoints} topic and, for a
 * run or epoch it has not heard of (a restart, a missed event), completed from the object
 * store, where {@code run.json} names the model and data set and the checkpoint keys list the
 * epochs.
 */
@ApplicationScoped
public class RunIndex {

    private final ConcurrentMap<String, Run> runs = new ConcurrentHashMap<>();
    private final ObjectStore store;

    RunIndex(ObjectStore store) {
        this.store = store;
    }

    /** Adds the checkpoint that {@code event} announces. */
    public void record(CheckpointEvent event) {
        Run announced = new Run(event.runId(), event.model(), event.dataset(),
                new TreeMap<>(Map.of(event.epoch(), event.checkpointKey())));
        runs.merge(event.runId(), announced, Run::merge);
    }

    /**
     * The run, completed from the object store when memory does not know it or does not know
     * its checkpoint of {@code epoch} (null: any epoch will do). The caller checks that the
     * epoch is there: a run may be known without it.
     */
    public Optional<Run> find(String runId, Integer epoch) {
        Run known = runs.get(runId);
        if (known != null && (epoch == null || known.checkpoints().containsKey(epoch))) {
            return Optional.of(known);
        }
        Optional<Run> stored = load(runId);
        stored.ifPresent(run -> runs.merge(runId, run, Run::merge));
        return Optional.ofNullable(runs.get(runId));
    }

    private Optional<Run> load(String runId) {
        String runKey = ObjectKeys.run(runId);
        if (!store.exists(runKey)) {
            return Optional.empty();
        }
        JsonNode json = store.getJson(runKey, JsonNode.class);
        String model = text(json, "model");
        String dataset = text(json, "dataset");
        if (model == null || dataset == null) {
            return Optional.empty();
        }

        NavigableMap<Integer, String> checkpoints = new TreeMap<>();
        for (String key : store.list(ObjectKeys.checkpointPrefix(runId))) {
            int epoch = ObjectKeys.checkpointEpoch(key);
            if (epoch >= 0) {
                checkpoints.put(epoch, key);
            }
        }
        return Optional.of(new Run(runId, model, dataset, checkpoints));
    }

    /** A text field at the top of run.json or in its {@code config} object. */
    private static String text(JsonNode json, String field) {
        for (JsonNode node : new JsonNode[] {json, json.path("config")}) {
            JsonNode value = node.path(field);
            if (value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }
}
