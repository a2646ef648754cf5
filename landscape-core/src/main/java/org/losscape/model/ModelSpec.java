package org.losscape.model;

import ai.djl.nn.Block;

/**
 * A CIFAR ResNet of the literature: depth 6n+2 (20, 56, 110), 3 stages of 16/32/64 channels,
 * with or without skip connections. Names: {@code resnet20}, {@code resnet56},
 * {@code resnet110}, each optionally suffixed {@code -noskip}.
 */
public record ModelSpec(int depth, boolean skip) {

    /** Parses a model name; rejects an unknown name with the allowed names in the message. */
    public static ModelSpec parse(String name) {
        throw new UnsupportedOperationException("implemented in the model package");
    }

    public String name() {
        return "resnet" + depth + (skip ? "" : "-noskip");
    }

    /** A new, uninitialized block for images of {@code channels} channels and 10 classes. */
    public Block newBlock(int channels) {
        throw new UnsupportedOperationException("implemented in the model package");
    }
}
