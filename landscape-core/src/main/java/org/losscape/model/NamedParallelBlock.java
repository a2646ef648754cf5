package org.losscape.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link ParallelBlock} whose branches carry chosen names instead of their class names, so
 * that parameter names read like the PyTorch module path ({@code 02shortcut_01conv_weight}).
 */
final class NamedParallelBlock extends ParallelBlock {

    NamedParallelBlock(Function<List<NDList>, NDList> join) {
        super(join);
    }

    NamedParallelBlock addBranch(String name, Block branch) {
        addChildBlock(name, branch);
        return this;
    }
}
