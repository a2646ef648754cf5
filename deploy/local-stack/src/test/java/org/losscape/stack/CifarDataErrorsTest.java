package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands say when the CIFAR-10 they are given, or its download, is no good. */
class CifarDataErrorsTest {

    /** The full archive in the shared data sets; the root pom passes their folder on. */
    private static final Path ARCHIVE = Path.of(System.getProperty("losscape.datasets",
            "../../../shared/datasets")).resolve("cifar-10-binary.tar.gz");

    @TempDir
    Path temp;

    @Test
    void sizes_truncatedArchive_sayItEndsEarly() throws IOException {
        Path truncated = temp.resolve("cifar-10-binary.tar.gz");
        try (InputStream in = Files.newInputStream(ARCHIVE)) {
            Files.write(truncated, in.readNBytes(200_000));
        }

        StackException error =
                assertThrows(StackException.class, () -> CifarSizes.of(truncated));

        assertTrue(error.getMessage().contains("ends early (a truncated download?)"),
                error.getMessage());
    }

    @Test
    void sizes_fileThatIsNoArchive_saysWhatIsExpected() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.txt"), "not CIFAR-10");

        StackException error = assertThrows(StackException.class, () -> CifarSizes.of(text));

        assertTrue(error.getMessage().startsWith("cannot read CIFAR-10 at " + text),
                error.getMessage());
        assertTrue(error.getMessage().contains("Expected the official binary version"),
                error.getMessage());
    }

    @Test
    void describe_downloadWithoutANameServer_saysTheHostIsUnknown() {
        ConnectException offline = new ConnectException();
        offline.initCause(new UnresolvedAddressException());

        assertEquals("the host www.cs.toronto.edu cannot be resolved (no Internet access here?)",
                CifarLocation.describe(offline));
        assertEquals("ConnectException (timed out)",
                CifarLocation.describe(new ConnectException("timed out")));
    }
}
