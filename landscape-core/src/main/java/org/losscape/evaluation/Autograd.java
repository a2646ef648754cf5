package org.losscape.evaluation;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns autograd recording off for the calling thread. PyTorch keeps this switch per thread and
 * DJL turns it off only on the thread that starts the engine, so a forward pass on any other
 * thread (a Kafka consumer, an HTTP worker) would otherwise record a graph for every
 * parameter that requires gradients: slower, more memory, and no use in evaluation. DJL's
 * gradient collector turns it on for training and off again when closed.
 */
final class Autograd {

    private static final boolean PYTORCH = "PyTorch".equals(Engine.getInstance().getEngineName());

    private Autograd() {}

    static void offForThisThread() {
        if (PYTORCH && JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }
}
