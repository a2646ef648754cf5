package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo and the experiments print as they end, on a stack that never starts. */
class WorkbenchTest {

    private static final URI PAGE = URI.create("http://127.0.0.1:28084/?surface=s1");

    @TempDir
    Path workDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** The page and service links were printed a moment before the stack stopped. */
    @Test
    void finish_exitWhenDone_printsTheFilesButNoLinks() {
        LocalStack stack = stackOnTestPorts();

        int exitCode = workbench(stack).finish(PAGE, true);

        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, exitCode);
        assertFalse(output.contains("http://"), output);
        assertTrue(output.contains("  logs          " + workDir.resolve("logs")), output);
        assertTrue(stack.isClosed(), "the stack was stopped");
    }

    @Test
    void finish_keepingTheStack_printsThePageTheServicesAndTheFiles() {
        LocalStack stack = stackOnTestPorts();
        // Closed already, so that holding the stack returns at once.
        stack.close();

        workbench(stack).finish(PAGE, false);

        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("page: " + PAGE), output);
        assertTrue(output.contains("  trainer     http://127.0.0.1:28081"), output);
        assertTrue(output.contains("  logs          " + workDir.resolve("logs")), output);
    }

    private LocalStack stackOnTestPorts() {
        StackConfig config = new StackConfig(workDir, workDir.resolve("cifar"), 29092, 29000,
                28081, 28082, 28084, List.of(28083), 1, Map.of(), Map.of());
        Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new LocalStack(new Installation(workDir), config, console::say);
    }

    private Workbench workbench(LocalStack stack) {
        Console console = new Console(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return new Workbench(console, new RunningStack(stack, console), new StackApi(stack));
    }
}
