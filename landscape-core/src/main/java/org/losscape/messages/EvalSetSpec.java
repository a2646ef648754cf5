package org.losscape.messages;

/**
 * The images a surface is evaluated on: the first {@code size} images of {@code split} of
 * {@code dataset} (a fixed subset, the same for every worker), at most the split's size.
 *
 * @param dataset {@code cifar10} or {@code fashion-mnist}
 * @param split {@code train} or {@code test}
 */
public record EvalSetSpec(String dataset, String split, int size) {}
