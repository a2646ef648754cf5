package org.losscape.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;

class ParameterTensorsTest {

    @Test
    void restoreInto_afterOverwritingEveryParameter_isBitExact() {
        try (Model model = resnet20(1)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());
            for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
                NDArray array = entry.getValue().getArray();
                array.set(new float[Math.toIntExact(array.size())]);
            }

            theta.restoreInto(model.getBlock());

            assertBitEqual(theta, ParameterTensors.of(model.getBlock()));
        }
    }

    @Test
    void snapshot_isNotChangedByLaterWrites() {
        try (Model model = resnet20(1)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());
            float first = theta.get(0).value(0);

            model.getBlock().getParameters().get(0).getValue().getArray()
                    .set(new float[theta.get(0).size()]);

            assertEquals(first, theta.get(0).value(0), 0f);
            assertNotEquals(0f, first);
        }
    }

    @Test
    void bytes_roundTrip_keepsNamesKindsShapesAndValues() {
        try (Model model = resnet20(2)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());

            ParameterTensors back = ParameterTensors.fromBytes(theta.toBytes());

            theta.requireSameLayout(back, "decoded");
            assertBitEqual(theta, back);
            assertEquals(ParameterKind.RUNNING_VAR, back.get("02bn1_runningVar").kind());
        }
    }

    @Test
    void bytes_areAnNdListWithParameterNames() {
        try (Model model = resnet20(2);
                NDManager manager = NDManager.newBaseManager()) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());

            NDList list = NDList.decode(manager, theta.toBytes());

            assertEquals(theta.size(), list.size());
            assertEquals("01conv1_weight", list.get(0).getName());
        }
    }

    @Test
    void fromBytes_garbage_isRejected() {
        byte[] garbage = "not an NDList".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterTensors.fromBytes(garbage));

        assertTrue(e.getMessage().contains("not a DJL NDList"), e.getMessage());
    }

    @Test
    void fromBytes_unnamedArray_isRejected() {
        byte[] bytes;
        try (NDManager manager = NDManager.newBaseManager()) {
            bytes = new NDList(manager.ones(new ai.djl.ndarray.types.Shape(3))).encode();
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterTensors.fromBytes(bytes));

        assertTrue(e.getMessage().contains("unnamed array"), e.getMessage());
    }

    @Test
    void restoreInto_otherArchitecture_isRejected() {
        try (Model skip = resnet20(1);
                Model noskip = Models.newModel(
                        ModelSpec.parse("resnet20-noskip"), 3, 32, 32, 1)) {
            ParameterTensors theta = ParameterTensors.of(skip.getBlock());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> theta.restoreInto(noskip.getBlock()));

            assertTrue(e.getMessage().contains("models differ"), e.getMessage());
        }
    }

    @Test
    void checkpoint_loadedIntoFreshModel_reproducesParameters() {
        try (Model trained = resnet20(5);
                Model fresh = resnet20(6)) {
            byte[] bytes = Checkpoints.save(trained);

            Checkpoints.load(fresh, bytes);

            assertBitEqual(ParameterTensors.of(trained.getBlock()),
                    ParameterTensors.of(fresh.getBlock()));
            assertArrayEquals(bytes, Checkpoints.save(fresh));
        }
    }

    @Test
    void checkpoint_ofOtherArchitecture_isRejected() {
        try (Model skip = resnet20(1);
                Model deeper = Models.newModel(ModelSpec.parse("resnet56"), 3, 32, 32, 1)) {
            byte[] bytes = Checkpoints.save(skip);

            assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(deeper, bytes));
        }
    }

    @Test
    void checkpoint_truncated_isRejected() {
        try (Model model = resnet20(1)) {
            byte[] bytes = Checkpoints.save(model);

            assertThrows(IllegalArgumentException.class,
                    () -> Checkpoints.load(model, Arrays.copyOf(bytes, bytes.length / 2)));
        }
    }

    static Model resnet20(long seed) {
        return Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, seed);
    }

    static void assertBitEqual(ParameterTensors expected, ParameterTensors actual) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k).name(), actual.get(k).name());
            assertArrayEquals(expected.get(k).values(), actual.get(k).values(),
                    expected.get(k).name());
        }
    }
}
