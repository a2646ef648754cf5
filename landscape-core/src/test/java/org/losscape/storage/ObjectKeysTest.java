package org.losscape.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void checkpointEpoch_ofACheckpointKey_isItsEpoch() {
        assertEquals(12, ObjectKeys.checkpointEpoch(ObjectKeys.checkpoint("run-a", 12)));
        assertEquals(0, ObjectKeys.checkpointEpoch(ObjectKeys.checkpoint("run-a", 0)));
    }

    @Test
    void checkpointEpoch_ofAnyOtherKey_isMinusOne() {
        assertEquals(-1, ObjectKeys.checkpointEpoch(ObjectKeys.run("run-a")));
        assertEquals(-1, ObjectKeys.checkpointEpoch("runs/a/checkpoints/epoch-1.params"));
        assertEquals(-1, ObjectKeys.checkpointEpoch("runs/a/checkpoints/epoch-0001.params.tmp"));
    }

    @Test
    void checkpointPrefix_isAPrefixOfEveryCheckpointKey() {
        String key = ObjectKeys.checkpoint("run-b", 3);

        assertTrue(key.startsWith(ObjectKeys.checkpointPrefix("run-b")));
    }
}
