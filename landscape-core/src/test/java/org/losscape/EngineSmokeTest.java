package org.losscape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {

    @Test
    void pytorchEngine_offline_addsOnes() {
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        try (NDManager manager = NDManager.newBaseManager()) {
            float sum = manager.ones(new ai.djl.ndarray.types.Shape(3)).sum().getFloat();
            assertEquals(3f, sum, 0f);
        }
    }
}
