package org.losscape.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.testsupport.InfrastructureResource;

/**
 * A second application start under another profile, in a fresh class loader: the PyTorch
 * engine must still load (DJL is parent-first), and a queue of capacity 0 refuses every run.
 */
@QuarkusTest
@TestProfile(FullQueueProfileTest.NoQueue.class)
@WithTestResource(InfrastructureResource.class)
class FullQueueProfileTest {

    /** A queue of capacity 0. */
    public static class NoQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("losscape.trainer.queue-capacity", "0");
        }
    }

    @Test
    void engine_secondApplicationStart_stillRunsForward() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 1);
                NDManager manager = model.getNDManager().newSubManager()) {
            NDArray images = manager.ones(new Shape(2, 3, 32, 32));
            NDArray logits = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(images), /* training= */ false).singletonOrThrow();

            assertEquals(new Shape(2, 10), logits.getShape());
        }
    }

    @Test
    void postRun_queueFull_429Json() {
        given().contentType(ContentType.JSON)
                .body("{\"epochs\": 1, \"trainSize\": 64, \"testSize\": 64, \"batchSize\": 32}")
                .when().post("/runs")
                .then().statusCode(429)
                .contentType(ContentType.JSON)
                .body("type", equalTo("queue-full"));
    }
}
