package org.losscape.interchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.losscape.interchange.SafetensorsCodec.Contents;
import org.losscape.interchange.SafetensorsCodec.RawTensor;
import org.losscape.model.ModelSpec;
import org.losscape.model.Models;
import org.losscape.weights.ParameterKind;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

class SafetensorsTest {

    private static final ModelSpec RESNET20 = ModelSpec.parse("resnet20");

    private static ParameterTensors theta;

    @BeforeAll
    static void snapshot() {
        try (Model model = Models.newModel(RESNET20, 3, 32, 32, /* seed= */ 5)) {
            theta = withSpecialValues(ParameterTensors.of(model.getBlock()));
        }
    }

    @Test
    void export_thenRead_isBitExact() {
        byte[] bytes = Safetensors.export(theta, RESNET20);

        ParameterTensors back = Safetensors.read(bytes, theta, RESNET20);

        theta.requireSameLayout(back, "read back");
        for (int k = 0; k < theta.size(); k++) {
            float[] expected = theta.get(k).values();
            float[] actual = back.get(k).values();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]),
                        Float.floatToRawIntBits(actual[i]), theta.get(k).name() + "[" + i + "]");
            }
        }
    }

    @Test
    void export_resnet20_usesThePyTorchStateDictKeysInOrder() {
        byte[] bytes = Safetensors.export(theta, RESNET20);

        Contents contents = SafetensorsCodec.read(bytes);

        assertEquals(referenceStateDictKeys(3, /* skip= */ true),
                new ArrayList<>(contents.tensors().keySet()));
        RawTensor counter = contents.tensors().get("layer1.0.bn1.num_batches_tracked");
        assertEquals("I64", counter.dtype());
        assertEquals(0, counter.shape().length);
        assertArrayEquals(new byte[8], counter.data());
        RawTensor shortcut = contents.tensors().get("layer2.0.shortcut.0.weight");
        assertArrayEquals(new long[] {32, 16, 1, 1}, shortcut.shape());
        assertEquals("F32", shortcut.dtype());
        assertEquals("pt", contents.metadata().get("format"));
        assertEquals("resnet20", contents.metadata().get(Safetensors.MODEL_KEY));
    }

    @Test
    void export_header_isPaddedSoTheDataStartAligned() {
        byte[] bytes = Safetensors.export(theta, RESNET20, Map.of("surface", "s-1"));

        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();

        assertEquals(0, headerLength % 8);
        assertEquals('{', bytes[8]);
        assertEquals("s-1", Safetensors.metadata(bytes).get("surface"));
    }

    @Test
    void export_readByDjlsOwnSafetensorsDecoder_givesTheSameNamesAndValues() {
        byte[] bytes = Safetensors.export(theta, RESNET20);
        PyTorchNames names = PyTorchNames.of(RESNET20);

        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = NDList.decode(manager, bytes);

            assertEquals(names.stateDictKeys().size(), list.size());
            NDArray conv = list.get("layer1.0.conv1.weight");
            ParameterTensor expected = theta.get(names.djlName("layer1.0.conv1.weight"));
            assertEquals(new Shape(expected.shape()), conv.getShape());
            assertArrayEquals(expected.values(), conv.toFloatArray());
            assertEquals(DataType.INT64, list.get("bn1.num_batches_tracked").getDataType());
        }
    }

    @Test
    void read_fileWrittenByDjlsEncoder_isAccepted() {
        PyTorchNames names = PyTorchNames.of(RESNET20);
        byte[] bytes;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList();
            for (ParameterTensor tensor : theta) {
                NDArray array = manager.create(tensor.values(), new Shape(tensor.shape()));
                array.setName(names.pyTorchName(tensor.name()));
                list.add(array);
            }
            NDArray counter = manager.create(new long[] {391}).reshape(new Shape());
            counter.setName("bn1.num_batches_tracked");
            list.add(counter);
            bytes = list.encode(NDList.Encoding.SAFETENSORS);
        }

        ParameterTensors back = Safetensors.read(bytes, theta, RESNET20);

        assertArrayEquals(theta.get("08linear_weight").values(),
                back.get("08linear_weight").values());
        assertEquals(ParameterKind.RUNNING_MEAN, back.get("02bn1_runningMean").kind());
    }

    @Test
    void read_withSpecAndChannels_buildsTheLayoutItself() {
        byte[] bytes = Safetensors.export(theta, RESNET20);

        ParameterTensors back = Safetensors.read(bytes, RESNET20, /* channels= */ 3);

        theta.requireSameLayout(back, "read back");
        assertArrayEquals(theta.get(5).values(), back.get(5).values());
    }

    @Test
    void read_missingTensor_isRejectedNamingIt() {
        Map<String, RawTensor> raw = exportedRaw();
        raw.remove("layer1.0.bn1.running_mean");
        byte[] bytes = SafetensorsCodec.write(raw, Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(bytes, theta, RESNET20));

        assertTrue(e.getMessage().contains("layer1.0.bn1.running_mean"), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void read_misshapedTensor_isRejectedNamingItAndBothShapes() {
        Map<String, RawTensor> raw = exportedRaw();
        RawTensor right = raw.get("layer2.0.shortcut.0.weight");
        raw.put("layer2.0.shortcut.0.weight",
                new RawTensor("F32", new long[] {16, 32, 1, 1}, right.data()));
        byte[] bytes = SafetensorsCodec.write(raw, Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(bytes, theta, RESNET20));

        assertTrue(e.getMessage().contains("layer2.0.shortcut.0.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("[16, 32, 1, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("[32, 16, 1, 1]"), e.getMessage());
    }

    @Test
    void read_doublePrecisionTensor_isRejectedNamingTheDtype() {
        Map<String, RawTensor> raw = exportedRaw();
        RawTensor bias = raw.get("linear.bias");
        raw.put("linear.bias", new RawTensor("F64", new long[] {5}, bias.data()));
        byte[] bytes = SafetensorsCodec.write(raw, Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(bytes, theta, RESNET20));

        assertTrue(e.getMessage().contains("linear.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("F64"), e.getMessage());
    }

    @Test
    void read_tensorOfAnotherModel_isRejectedNamingIt() {
        Map<String, RawTensor> raw = exportedRaw();
        raw.put("fc.weight", RawTensor.ofFloats(new long[] {2}, new float[] {1, 2}));
        byte[] bytes = SafetensorsCodec.write(raw, Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(bytes, theta, RESNET20));

        assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
    }

    @Test
    void read_noskipFileIntoSkipModel_isRejectedNamingAMissingShortcut() {
        Map<String, RawTensor> raw = exportedRaw();
        raw.keySet().removeIf(key -> key.contains("shortcut"));
        byte[] bytes = SafetensorsCodec.write(raw, Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(bytes, theta, RESNET20));

        assertTrue(e.getMessage().contains("layer2.0.shortcut.0.weight"), e.getMessage());
    }

    @Test
    void read_truncatedData_isRejectedNamingTheTensor() {
        byte[] bytes = Safetensors.export(theta, RESNET20);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 4);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(truncated, theta, RESNET20));

        assertTrue(e.getMessage().contains("linear.bias"), e.getMessage());
    }

    @Test
    void read_notSafetensors_isRejected() {
        byte[] garbage = "definitely not a tensor file".getBytes(StandardCharsets.UTF_8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(garbage, theta, RESNET20));

        assertTrue(e.getMessage().contains("header length"), e.getMessage());
    }

    @Test
    void export_tensorsOfAnotherModel_isRejectedNamingTheParameter() {
        ModelSpec noskip = ModelSpec.parse("resnet20-noskip");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.export(theta, noskip));

        assertTrue(e.getMessage().startsWith("parameters"), e.getMessage());
        assertTrue(e.getMessage().contains("resnet20-noskip"), e.getMessage());
    }

    @Test
    void pyTorchNames_noskip_hasNoShortcutKeys() {
        PyTorchNames names = PyTorchNames.of(ModelSpec.parse("resnet20-noskip"));

        assertEquals(referenceStateDictKeys(3, /* skip= */ false), names.stateDictKeys());
        assertEquals(19, names.batchCounters().size());
    }

    @Test
    void pyTorchNames_resnet56_matchesTheReferenceLayout() {
        PyTorchNames names = PyTorchNames.of(ModelSpec.parse("resnet56"));

        assertEquals(referenceStateDictKeys(9, /* skip= */ true), names.stateDictKeys());
        assertEquals("05layer2_01block0_02shortcut_02bn_gamma",
                names.djlName("layer2.0.shortcut.1.weight"));
    }

    /**
     * The state-dict keys of the reference {@code ResNet_cifar}: conv1, bn1, three stages of n
     * {@code BasicBlock}s (a 1×1 conv + BN shortcut in the first block of stages 2 and 3) and
     * linear, written out here independently of the DJL block.
     */
    private static List<String> referenceStateDictKeys(int n, boolean skip) {
        List<String> keys = new ArrayList<>();
        keys.add("conv1.weight");
        addBatchNorm(keys, "bn1");
        for (int stage = 1; stage <= 3; stage++) {
            for (int block = 0; block < n; block++) {
                String prefix = "layer" + stage + "." + block + ".";
                keys.add(prefix + "conv1.weight");
                addBatchNorm(keys, prefix + "bn1");
                keys.add(prefix + "conv2.weight");
                addBatchNorm(keys, prefix + "bn2");
                if (skip && stage > 1 && block == 0) {
                    keys.add(prefix + "shortcut.0.weight");
                    addBatchNorm(keys, prefix + "shortcut.1");
                }
            }
        }
        keys.add("linear.weight");
        keys.add("linear.bias");
        return keys;
    }

    private static void addBatchNorm(List<String> keys, String prefix) {
        for (String suffix : List.of(
                "weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
            keys.add(prefix + "." + suffix);
        }
    }

    private static Map<String, RawTensor> exportedRaw() {
        return new LinkedHashMap<>(
                SafetensorsCodec.read(Safetensors.export(theta, RESNET20)).tensors());
    }

    /** NaN with a payload, −0, ±∞ and a subnormal in the linear bias: all must survive. */
    private static ParameterTensors withSpecialValues(ParameterTensors snapshot) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterTensor tensor : snapshot) {
            if (tensor.name().equals("08linear_bias")) {
                float[] values = tensor.values();
                values[0] = Float.intBitsToFloat(0x7fc00123);
                values[1] = -0f;
                values[2] = Float.POSITIVE_INFINITY;
                values[3] = Float.NEGATIVE_INFINITY;
                values[4] = Float.MIN_VALUE;
                tensors.add(tensor.withValues(values));
            } else {
                tensors.add(tensor);
            }
        }
        return ParameterTensors.of(tensors);
    }
}
