package org.losscape.model;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Locale;

/**
 * A CIFAR ResNet of the literature: depth 6n+2 (20, 56, 110), 3 stages of 16/32/64 channels,
 * with or without skip connections. Names: {@code resnet20}, {@code resnet56},
 * {@code resnet110}, each optionally suffixed {@code -noskip}.
 *
 * <p>Any depth 6n+2 from 8 to 110 is accepted (the reference code also has 32 and 44), the
 * three names above are the ones the paper reports. The layout is described in
 * {@link CifarResNet}.
 *
 * @param depth number of weighted layers, 6n+2 with n blocks per stage
 * @param skip whether each basic block adds its input (identity or 1×1 projection)
 */
public record ModelSpec(int depth, boolean skip) {

    /** The models the paper reports on; the user interface offers these. */
    public static final List<String> NAMES = List.of(
            "resnet20", "resnet56", "resnet110",
            "resnet20-noskip", "resnet56-noskip", "resnet110-noskip");

    static final int MIN_DEPTH = 8;
    static final int MAX_DEPTH = 110;

    private static final String NOSKIP_SUFFIX = "-noskip";

    public ModelSpec {
        if (depth < MIN_DEPTH || depth > MAX_DEPTH || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("model depth (" + depth + ") must be 6n+2 in ["
                    + MIN_DEPTH + ", " + MAX_DEPTH + "], e.g. 20, 56 or 110");
        }
    }

    /** Parses a model name; rejects an unknown name with the allowed names in the message. */
    public static ModelSpec parse(String name) {
        if (name == null) {
            throw unknown(null);
        }
        String text = name.trim().toLowerCase(Locale.ROOT);
        boolean skip = !text.endsWith(NOSKIP_SUFFIX);
        String base = skip ? text : text.substring(0, text.length() - NOSKIP_SUFFIX.length());
        if (!base.matches("resnet[0-9]{1,3}")) {
            throw unknown(name);
        }
        int depth = Integer.parseInt(base.substring("resnet".length()));
        if (depth < MIN_DEPTH || depth > MAX_DEPTH || (depth - 2) % 6 != 0) {
            throw unknown(name);
        }
        return new ModelSpec(depth, skip);
    }

    public String name() {
        return "resnet" + depth + (skip ? "" : NOSKIP_SUFFIX);
    }

    /** Basic blocks per stage: n in depth = 6n+2. */
    public int blocksPerStage() {
        return (depth - 2) / 6;
    }

    /**
     * A new, uninitialized block for images of {@code channels} channels and 10 classes. Use
     * {@link Models#newModel} for an initialized one.
     */
    public Block newBlock(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "channels (" + channels + ") must be >= 1, e.g. 3 for CIFAR-10");
        }
        return CifarResNet.build(this);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("model (" + name + ") must be one of " + NAMES
                + " (or resnet{6n+2} for n in [1, 18], optionally with -noskip)");
    }
}
