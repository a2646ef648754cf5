package org.losscape.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd recording off for the calling thread until closed, then as it was. PyTorch keeps
 * this switch per thread, on by default, and DJL turns it off only on the thread that started
 * the engine. On any other thread (a service's worker) an in-place parameter update would fail
 * with "a leaf Variable that requires grad is being used in an in-place operation", and every
 * evaluation forward would record a graph for nothing. DJL's gradient collector turns
 * recording on for the backward pass and restores the previous state when closed.
 */
final class NoGrad implements AutoCloseable {

    static {
        // JniUtils calls straight into the native library, which only the engine's start loads;
        // in a fresh JVM this class can be the first to touch DJL.
        Engine.getEngine("PyTorch");
    }

    private final boolean wasRecording;

    NoGrad() {
        wasRecording = JniUtils.isGradMode();
        if (wasRecording) {
            JniUtils.setGradMode(false);
        }
    }

    @Override
    public void close() {
        if (wasRecording) {
            JniUtils.setGradMode(true);
        }
    }
}
