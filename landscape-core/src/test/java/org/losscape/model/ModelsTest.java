package org.losscape.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.losscape.weights.ParameterTensor;
import org.losscape.weights.ParameterTensors;

class ModelsTest {

    // conv1 432 + bn1 32; stage 1: 3 × (2 × 2,304 + 64); stage 2: 4,608 + 9,216 + 128
    // + projection 512 + 64, then 2 × (2 × 9,216 + 128); stage 3 likewise with 64 channels;
    // linear 650.
    private static final long RESNET20_TRAINABLE = 272_474;
    /** The two projection shortcuts (1×1 conv and batch norm), the same at every depth. */
    private static final long PROJECTIONS = (16 * 32 + 2 * 32) + (32 * 64 + 2 * 64);

    @Test
    void resnet20_withSkips_hasReferenceParameterCount() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 1)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());

            assertEquals(RESNET20_TRAINABLE, theta.trainableCount());
            // 19 batch norms in the main path and 2 in the projections, 2 statistics each.
            assertEquals((19 + 2) * 2, theta.tensors().stream()
                    .filter(t -> t.kind().isRunningStatistic()).count());
        }
    }

    @Test
    void resnet20_noskip_hasNoShortcutParameters() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20-noskip"), 3, 32, 32, 1)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());

            assertEquals(RESNET20_TRAINABLE - PROJECTIONS, theta.trainableCount());
            assertTrue(theta.tensors().stream().noneMatch(t -> t.name().contains("shortcut")));
        }
    }

    @Test
    void referenceTrainableCount_resnet20_matchesTheCountByHand() {
        assertEquals(RESNET20_TRAINABLE, referenceTrainableCount(20, /* skip= */ true));
        assertEquals(RESNET20_TRAINABLE - PROJECTIONS,
                referenceTrainableCount(20, /* skip= */ false));
    }

    @Test
    void resnet56_withSkips_hasReferenceParameterCount() {
        long count = assertReferenceLayout("resnet56", 56, /* skip= */ true);

        // He et al. (2016), table 6: 0.85 M, counted with parameter-free shortcuts (853,018);
        // the reference code's projection shortcuts add 2,752.
        assertEquals(0.85, (count - PROJECTIONS) / 1e6, 0.005);
    }

    @Test
    void resnet56_noskip_hasReferenceParameterCountWithoutShortcuts() {
        assertReferenceLayout("resnet56-noskip", 56, /* skip= */ false);
    }

    @Test
    void resnet110_withSkips_hasReferenceParameterCount() {
        long count = assertReferenceLayout("resnet110", 110, /* skip= */ true);

        // He et al. (2016), table 6: 1.7 M; 1.73 M to two decimals with or without projections.
        assertEquals(1.73, count / 1e6, 0.005);
        assertEquals(1.73, (count - PROJECTIONS) / 1e6, 0.005);
    }

    @Test
    void resnet110_noskip_hasReferenceParameterCountWithoutShortcuts() {
        assertReferenceLayout("resnet110-noskip", 110, /* skip= */ false);
    }

    @Test
    void resnet20_cifarBatch_outputsTenLogitsPerImage() {
        assertEquals(new Shape(5, 10), outputShape("resnet20", 3, 32, 32, 5));
    }

    @Test
    void resnet20_fashionMnistBatch_outputsTenLogitsPerImage() {
        assertEquals(new Shape(4, 10), outputShape("resnet20-noskip", 1, 28, 28, 4));
    }

    @Test
    void newModel_sameSeed_givesBitIdenticalWeights() {
        assertEquals(List.of(), differingParameters(7, 7));
    }

    @Test
    void newModel_otherSeed_givesOtherWeights() {
        List<String> differing = differingParameters(7, 8);

        assertTrue(differing.contains("01conv1_weight"), differing.toString());
        assertTrue(differing.contains("08linear_bias"), differing.toString());
    }

    @Test
    void newModel_convWeights_haveKaimingFanOutStandardDeviation() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 3)) {
            ParameterTensor conv = ParameterTensors.of(model.getBlock())
                    .get("06layer3_02block1_01residual_04conv2_weight");
            double sumOfSquares = 0;
            for (int k = 0; k < conv.size(); k++) {
                sumOfSquares += conv.value(k) * (double) conv.value(k);
            }

            double expected = Math.sqrt(2.0 / (64 * 3 * 3));
            // 36,864 draws: the sample std is within 2% of the true one with near certainty.
            assertEquals(expected, Math.sqrt(sumOfSquares / conv.size()), 0.02 * expected);
        }
    }

    @Test
    void pyTorchName_everyResnet20Parameter_mapsToReferenceKey() {
        try (Model model = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, 1)) {
            List<String> names = ParameterTensors.of(model.getBlock()).tensors().stream()
                    .map(t -> Models.pyTorchName(t.name()))
                    .collect(Collectors.toList());

            assertEquals("conv1.weight", names.get(0));
            assertTrue(names.containsAll(List.of(
                    "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                    "layer1.0.conv1.weight", "layer1.2.bn2.running_var",
                    "layer2.0.shortcut.0.weight", "layer2.0.shortcut.1.running_mean",
                    "layer3.2.conv2.weight", "linear.weight", "linear.bias")), names.toString());
            assertEquals(names.size(), names.stream().distinct().count());
            assertTrue(names.stream().allMatch(n -> n.matches("[a-z0-9_.]+")), names.toString());
        }
    }

    @Test
    void parse_knownNames_roundTrip() {
        for (String name : ModelSpec.NAMES) {
            assertEquals(name, ModelSpec.parse(name).name());
        }
        assertEquals(new ModelSpec(110, false), ModelSpec.parse(" ResNet110-NoSkip "));
        assertEquals(9, ModelSpec.parse("resnet56").blocksPerStage());
    }

    @Test
    void parse_unknownName_namesTheAllowedModels() {
        for (String bad : Arrays.asList("resnet21", "resnet18", "vgg9", "", "resnet-noskip",
                "resnet116", null)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(bad));
            assertTrue(e.getMessage().startsWith("model (" + bad + ") must be one of"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("resnet56-noskip"), e.getMessage());
        }
    }

    @Test
    void newModel_zeroChannels_isRejectedWithField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.newModel(ModelSpec.parse("resnet20"), 0, 32, 32, 1));

        assertEquals("channels (0) must be >= 1", e.getMessage());
    }

    /**
     * Builds {@code name} for one CIFAR image and checks its trainable values, batch norms and
     * shortcuts against the reference architecture; returns the trainable count.
     */
    private static long assertReferenceLayout(String name, int depth, boolean skip) {
        try (Model model = Models.newModel(ModelSpec.parse(name), 3, 32, 32, 1)) {
            ParameterTensors theta = ParameterTensors.of(model.getBlock());
            int blocks = (depth - 2) / 6;
            int batchNorms = 1 + 3 * blocks * 2 + (skip ? 2 : 0);

            assertEquals(referenceTrainableCount(depth, skip), theta.trainableCount(), name);
            assertEquals(batchNorms * 2L, theta.tensors().stream()
                    .filter(t -> t.kind().isRunningStatistic()).count(), name + " statistics");
            // Two projections of a conv weight and a batch norm's γ, β, mean and variance.
            assertEquals(skip ? 2 * 5 : 0, theta.tensors().stream()
                    .filter(t -> t.name().contains("shortcut")).count(), name + " shortcuts");
            return theta.trainableCount();
        }
    }

    /**
     * Trainable values (weights, batch-norm γ and β, the linear bias; no running statistics) of
     * the reference CIFAR ResNet of {@code depth} = 6n + 2: a 3×3 stem conv to 16 channels, three
     * stages of n basic blocks with 16, 32 and 64 channels (two 3×3 convs without bias, each
     * followed by a batch norm), a 1×1 conv and batch norm as the shortcut where the shape
     * changes (with skips only), and a linear 64 → 10 layer with bias after global pooling.
     */
    private static long referenceTrainableCount(int depth, boolean skip) {
        int blocks = (depth - 2) / 6;
        long count = 3 * 16 * 9 + 2 * 16;
        int in = 16;
        for (int channels : new int[] {16, 32, 64}) {
            for (int k = 0; k < blocks; k++) {
                count += (long) in * channels * 9 + 2 * channels;
                count += (long) channels * channels * 9 + 2 * channels;
                if (skip && in != channels) {
                    count += (long) in * channels + 2 * channels;
                }
                in = channels;
            }
        }
        return count + 64 * 10 + 10;
    }

    private static Shape outputShape(String name, int channels, int height, int width, int n) {
        try (Model model = Models.newModel(ModelSpec.parse(name), channels, height, width, 1);
                NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.randomUniform(0, 1, new Shape(n, channels, height, width));
            NDList out = model.getBlock().forward(
                    new ParameterStore(manager, false), new NDList(x), /* training= */ false);

            assertFalse(Float.isNaN(out.singletonOrThrow().sum().getFloat()));
            return out.singletonOrThrow().getShape();
        }
    }

    private static List<String> differingParameters(long seedA, long seedB) {
        try (Model a = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, seedA);
                Model b = Models.newModel(ModelSpec.parse("resnet20"), 3, 32, 32, seedB)) {
            ParameterTensors thetaA = ParameterTensors.of(a.getBlock());
            ParameterTensors thetaB = ParameterTensors.of(b.getBlock());
            thetaA.requireSameLayout(thetaB, "model b");
            return thetaA.tensors().stream()
                    .filter(t -> !Arrays.equals(t.values(), thetaB.get(t.name()).values()))
                    .map(ParameterTensor::name)
                    .collect(Collectors.toList());
        }
    }
}
