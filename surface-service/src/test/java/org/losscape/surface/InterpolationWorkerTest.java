package org.losscape.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.ImageTensors;
import org.losscape.data.Split;
import org.losscape.directions.Directions;
import org.losscape.evaluation.Evaluator;
import org.losscape.evaluation.LossAccuracy;
import org.losscape.messages.Axis;
import org.losscape.messages.ChunkValues;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.Json;
import org.losscape.messages.PointValue;
import org.losscape.messages.SurfaceChunk;
import org.losscape.messages.SurfacePlanned;
import org.losscape.messages.SurfacePlanned.InterpolationSpec;
import org.losscape.messages.Topics;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.storage.ObjectKeys;
import org.losscape.storage.ObjectStore;
import org.losscape.testsupport.InfrastructureResource;
import org.losscape.weights.Checkpoints;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

/**
 * A worker evaluating an interpolation surface: α = 0 and α = 1 give the losses of the two
 * stored networks, whose batch-norm running statistics differ, so the worker must move them.
 */
@QuarkusTest
@WithTestResource(InfrastructureResource.class)
class InterpolationWorkerTest {

    private static final String RUN_A = "interpolation-worker-a";
    private static final String RUN_B = "interpolation-worker-b";
    private static final int EVAL_IMAGES = 64;

    @Inject
    ObjectStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "losscape.data.location")
    Path dataLocation;

    @Test
    void interpolation_alphaZeroAndOne_giveEachNetworksOwnLoss() {
        store.ensureBucket();
        ModelSpec spec = ModelSpec.parse("resnet20");
        LossAccuracy ownA;
        LossAccuracy ownB;
        ParameterTensors thetaA;
        ParameterTensors thetaB;
        try (Model a = Models.newModel(spec, 3, 32, 32, 7);
                Model b = Models.newModel(spec, 3, 32, 32, 8)) {
            shiftRunningMeans(b, 0.2f);
            thetaA = ParameterTensors.of(a.getBlock());
            thetaB = ParameterTensors.of(b.getBlock());
            store.put(ObjectKeys.checkpoint(RUN_A, 1), Checkpoints.save(a), "application/x");
            store.put(ObjectKeys.checkpoint(RUN_B, 1), Checkpoints.save(b), "application/x");
            ownA = evaluateDirectly(a);
            ownB = evaluateDirectly(b);
        }
        String surfaceId = "interpolation-" + UUID.randomUUID();
        String directionKey = ObjectKeys.direction(surfaceId, "x");
        store.put(directionKey, Directions.between(thetaA, thetaB).toBytes(), "application/x");
        GridSpec grid = new GridSpec(new Axis(0, 1, 3), new Axis(0, 0, 1));
        SurfacePlanned plan = new SurfacePlanned(surfaceId, RUN_A, "resnet20", 1,
                ObjectKeys.checkpoint(RUN_A, 1), grid,
                new DirectionSpec(0, SurfacePlanned.INTERPOLATION, true, 0.0, true),
                new EvalSetSpec("cifar10", "test", EVAL_IMAGES), directionKey, null, 1,
                Instant.now(), SurfacePlanned.INTERPOLATION, "group-" + surfaceId, null,
                new InterpolationSpec(RUN_B, 1, ObjectKeys.checkpoint(RUN_B, 1)));

        List<PointValue> points = evaluate(new SurfaceChunk(plan, 0, 0, 3));

        // The worker may run PyTorch with other thread settings than this test: 1e-5 relative.
        assertEquals(ownA.loss(), points.get(0).loss(), 1e-5 * ownA.loss());
        assertEquals(ownB.loss(), points.get(2).loss(), 1e-5 * ownB.loss());
        assertEquals(ownA.accuracy(), points.get(0).accuracy(), 1e-9);
        assertEquals(ownB.accuracy(), points.get(2).accuracy(), 1e-9);
        assertNotEquals(ownA.loss(), ownB.loss(), 1e-3 * ownA.loss());
    }

    private List<PointValue> evaluate(SurfaceChunk chunk) {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            String surfaceId = chunk.surface().surfaceId();
            kafka.send(Topics.SURFACE_CHUNKS, surfaceId, Json.toJson(chunk));
            List<PointValue> points = new ArrayList<>();
            kafka.read(Topics.SURFACE_VALUES, r -> surfaceId.equals(r.key()),
                            kept -> !kept.isEmpty(), Duration.ofSeconds(120))
                    .forEach(r -> points.addAll(
                            Json.fromJson(r.value(), ChunkValues.class).points()));
            assertEquals(3, points.size(), "values of " + surfaceId);
            points.sort(Comparator.comparingInt(PointValue::index));
            return points;
        }
    }

    private static void shiftRunningMeans(Model model, float shift) {
        List<ParameterTensor> shifted = new ArrayList<>();
        for (ParameterTensor tensor : ParameterTensors.of(model.getBlock())) {
            float[] values = tensor.values();
            if (tensor.kind() == org.losscape.weights.ParameterKind.RUNNING_MEAN) {
                for (int v = 0; v < values.length; v++) {
                    values[v] += shift;
                }
            }
            shifted.add(tensor.withValues(values));
        }
        ParameterTensors.of(shifted).restoreInto(model.getBlock());
    }

    private LossAccuracy evaluateDirectly(Model model) {
        ImageSet images = Datasets.load("cifar10", dataLocation, Split.TEST).first(EVAL_IMAGES);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = ImageTensors.images(images, Datasets.normalization("cifar10"), manager);
            NDArray y = ImageTensors.labels(images, manager);
            return new Evaluator(model.getBlock(), x, y, /* batchSize= */ 128).evaluate();
        }
    }
}
