package org.losscape.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CIFAR ResNet of He et al. (2016) in the layout of the loss-landscape reference code
 * ({@code cifar10/models/resnet.py}, {@code ResNet_cifar} with {@code BasicBlock} or
 * {@code BasicBlock_noshortcut}), built from DJL sequential and parallel blocks.
 *
 * <p>Input N×C×H×W float32 (C = 3, 32×32 for CIFAR-10; C = 1, 28×28 for Fashion-MNIST), output
 * N×10 logits. Layout, with the DJL child names that make up parameter names:
 *
 * <pre>
 * 01conv1   3×3 conv, 16 filters, stride 1, pad 1, no bias
 * 02bn1     batch norm (ε = 1e-5, running-stat momentum 0.1 in PyTorch terms)
 * 03relu
 * 04layer1  n basic blocks of 16 channels, stride 1
 * 05layer2  n basic blocks of 32 channels, the first with stride 2
 * 06layer3  n basic blocks of 64 channels, the first with stride 2
 * 07pool    global average pool → N×64
 * 08linear  64 → 10, with bias
 *
 * basic block k of a stage: 0{k+1}block{k}, relu(residual + shortcut)
 *   01residual  01conv1 (3×3, stride s) 02bn1 03relu 04conv2 (3×3) 05bn2
 *   02shortcut  identity, or where the shape changes 01conv (1×1, stride s, no bias) 02bn;
 *               absent in the -noskip models
 * </pre>
 *
 * <p>DJL joins the child names with {@code _}; each maps to the PyTorch state-dict key of the
 * reference model by dropping the two-digit prefixes and the {@code residual} level, writing
 * {@code block}k as k, the shortcut's {@code conv}/{@code bn} as 0/1, and renaming
 * {@code gamma, beta, runningMean, runningVar} to {@code weight, bias, running_mean,
 * running_var} (see {@link Models#pyTorchName}):
 *
 * <pre>
 * 01conv1_weight                                  conv1.weight
 * 02bn1_runningVar                                bn1.running_var
 * 04layer1_01block0_01residual_01conv1_weight     layer1.0.conv1.weight
 * 05layer2_01block0_02shortcut_02bn_gamma         layer2.0.shortcut.1.weight
 * 08linear_bias                                   linear.bias
 * </pre>
 *
 * PyTorch's {@code num_batches_tracked} buffers have no DJL counterpart. Trainable parameters
 * with skips (without): ResNet-20 272,474 (269,722), ResNet-56 855,770 (853,018), ResNet-110
 * 1,730,714 (1,727,962); the two projection shortcuts hold the 2,752 of the difference.
 */
final class CifarResNet {

    static final int CLASSES = 10;
    private static final int[] STAGE_CHANNELS = {16, 32, 64};

    private CifarResNet() {}

    static Block build(ModelSpec spec) {
        NamedSequentialBlock net = new NamedSequentialBlock()
                .add("conv1", conv3x3(STAGE_CHANNELS[0], 1))
                .add("bn1", batchNorm())
                .add("relu", Activation.reluBlock());

        int inChannels = STAGE_CHANNELS[0];
        for (int stage = 0; stage < STAGE_CHANNELS.length; stage++) {
            int channels = STAGE_CHANNELS[stage];
            NamedSequentialBlock layer = new NamedSequentialBlock();
            for (int k = 0; k < spec.blocksPerStage(); k++) {
                int stride = (stage > 0 && k == 0) ? 2 : 1;
                layer.add("block" + k, basicBlock(inChannels, channels, stride, spec.skip()));
                inChannels = channels;
            }
            net.add("layer" + (stage + 1), layer);
        }

        return net.add("pool", Pool.globalAvgPool2dBlock())
                .add("linear", Linear.builder().setUnits(CLASSES).build());
    }

    private static Block basicBlock(int inChannels, int channels, int stride, boolean skip) {
        NamedSequentialBlock residual = new NamedSequentialBlock()
                .add("conv1", conv3x3(channels, stride))
                .add("bn1", batchNorm())
                .add("relu", Activation.reluBlock())
                .add("conv2", conv3x3(channels, 1))
                .add("bn2", batchNorm());
        if (!skip) {
            return new NamedParallelBlock(CifarResNet::reluOfOnly).addBranch("residual", residual);
        }

        Block shortcut = Blocks.identityBlock();
        if (stride != 1 || inChannels != channels) {
            shortcut = new NamedSequentialBlock()
                    .add("conv", Conv2d.builder()
                            .setKernelShape(new Shape(1, 1))
                            .optStride(new Shape(stride, stride))
                            .setFilters(channels)
                            .optBias(false)
                            .build())
                    .add("bn", batchNorm());
        }
        return new NamedParallelBlock(CifarResNet::reluOfSum)
                .addBranch("residual", residual)
                .addBranch("shortcut", shortcut);
    }

    private static Block conv3x3(int filters, int stride) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    private static NDList reluOfSum(List<NDList> branches) {
        NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
        return new NDList(Activation.relu(sum));
    }

    private static NDList reluOfOnly(List<NDList> branches) {
        return new NDList(Activation.relu(branches.get(0).singletonOrThrow()));
    }
}
