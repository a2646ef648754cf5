package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster id that the local broker's storage is formatted with, and its failures. */
class KafkaBrokerTest {

    /** What the storage tool of Kafka 4.1 printed when a work folder was reused. */
    private static final String REFUSED_FORMAT = String.join("\n",
            "[main] INFO org.apache.kafka.common.config.AbstractConfig - KafkaConfig values: ",
            "\tadvertised.listeners = PLAINTEXT://127.0.0.1:9092",
            "\tunstable.feature.versions.enable = false",
            "",
            "Exception in thread \"main\" java.lang.RuntimeException: Invalid cluster.id in:"
                    + " /w/kafka/data/meta.properties. Expected BBBB, but read AAAA",
            "\tat kafka.tools.StorageTool$.execute(StorageTool.scala:86)",
            "\tat kafka.tools.StorageTool.main(StorageTool.scala)",
            "");

    @TempDir
    Path temp;

    /** One random id in 64 began with '-', and the storage tool refused it as an option. */
    @Test
    void newClusterId_manyDraws_neverStartWithADashAndHold16Bytes() {
        for (int draw = 0; draw < 5_000; draw++) {
            String id = KafkaBroker.newClusterId();

            assertFalse(id.startsWith("-"), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length, id);
        }
    }

    /** A new id for storage formatted before made the storage tool refuse a reused folder. */
    @Test
    void clusterId_storageFormattedBefore_isTheOneItHolds() throws IOException {
        Files.writeString(temp.resolve("meta.properties"), String.join("\n",
                "#", "node.id=1", "directory.id=nbBMYjK1To4zSvt2hUiEuQ", "version=1",
                "cluster.id=AAAAAAAAAAAAAAAAAAAAAA", ""));

        assertEquals("AAAAAAAAAAAAAAAAAAAAAA", KafkaBroker.clusterId(temp));
    }

    @Test
    void clusterId_freshFolder_isANewOne() {
        String first = KafkaBroker.clusterId(temp.resolve("data"));
        String second = KafkaBroker.clusterId(temp.resolve("data"));

        assertEquals(16, Base64.getUrlDecoder().decode(first).length, first);
        assertNotEquals(first, second);
    }

    @Test
    void clusterId_metaPropertiesWithoutOne_isRefusedNamingTheFile() throws IOException {
        Path meta = Files.writeString(temp.resolve("meta.properties"), "node.id=1\n");

        StackException error =
                assertThrows(StackException.class, () -> KafkaBroker.clusterId(temp));

        assertTrue(error.getMessage().startsWith(meta + " has no cluster.id"),
                error.getMessage());
    }

    /** The message quoted the configuration dump; the reason was only in the log. */
    @Test
    void errorLine_outputOfARefusedFormat_isTheExceptionsMessage() {
        assertEquals("Invalid cluster.id in: /w/kafka/data/meta.properties. Expected BBBB, but"
                + " read AAAA", KafkaBroker.errorLine(REFUSED_FORMAT));
    }

    @Test
    void errorLine_withoutAnException_isTheLastLineThatIsNotIndented() {
        assertEquals("Error: no such option --bogus",
                KafkaBroker.errorLine("[main] INFO starting\nError: no such option --bogus\n"
                        + "\tusage: ...\n"));
        assertEquals("it printed nothing", KafkaBroker.errorLine("\n"));
    }
}
