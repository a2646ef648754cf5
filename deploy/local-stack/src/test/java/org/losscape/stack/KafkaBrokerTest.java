package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The cluster id that the local broker's storage is formatted with. */
class KafkaBrokerTest {

    /** One random id in 64 began with '-', and the storage tool refused it as an option. */
    @Test
    void newClusterId_manyDraws_neverStartWithADashAndHold16Bytes() {
        for (int draw = 0; draw < 5_000; draw++) {
            String id = KafkaBroker.newClusterId();

            assertFalse(id.startsWith("-"), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length, id);
        }
    }
}
