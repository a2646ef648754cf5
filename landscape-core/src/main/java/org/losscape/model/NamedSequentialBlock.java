package org.losscape.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A {@link SequentialBlock} whose children carry chosen names instead of their class names, so
 * that parameter names read like the PyTorch module path ({@code 01conv1_weight}).
 */
final class NamedSequentialBlock extends SequentialBlock {

    NamedSequentialBlock add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }
}
