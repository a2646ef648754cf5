package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The checks of {@code losscape bench}'s flags, which run before the data is looked for. */
class BenchCommandTest {

    private static final String MISSING_DATA = "/nonexistent/losscape-test/cifar";

    /**
     * Out of range, these printed negative or NaN rates, or failed in the engine with a stack
     * trace. The data location does not exist, so a check that came later would fail with
     * another message.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--points, 0, '--points (0) must be in [2, 1000000]'",
        "--points, 1, '--points (1) must be in [2, 1000000]'",
        "--train-steps, 0, '--train-steps (0) must be in [1, 10000]'",
        "--matmul-size, -1, '--matmul-size (-1) must be in [1, 8192]'",
        "--matmul-size, 100000, '--matmul-size (100000) must be in [1, 8192]'",
        "--matmul-repeats, 0, '--matmul-repeats (0) must be in [1, 10000]'",
        "--threads, 0, '--threads (0) must be in [1, 256]'",
        "--batch-size, -1, '--batch-size (-1) must be in [1, 4096]'",
        "--batch-size, 5000, '--batch-size (5000) must be in [1, 4096]'",
        "--eval-size, 0, '--eval-size (0) must be in [1, 50000]'",
        "--eval-batch-size, 0, '--eval-batch-size (0) must be in [1, 4096]'",
    })
    void bench_badFlag_isRefusedBeforeTheDataIsLookedFor(String flag, String value,
            String message) {
        BenchCommand bench = parse("bench", "--cifar", MISSING_DATA, flag, value);

        StackException error = assertThrows(StackException.class, bench::call);

        assertEquals(message, error.getMessage());
    }

    @Test
    void bench_defaultFlags_passTheCheckAndLookForTheData() {
        BenchCommand bench = parse("bench", "--cifar", MISSING_DATA);

        StackException error = assertThrows(StackException.class, bench::call);

        assertTrue(error.getMessage().startsWith("CIFAR-10 not found at " + MISSING_DATA),
                error.getMessage());
    }

    @Test
    void bench_badFlagOnTheCommandLine_exitsWith2AndNoStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = LosscapeCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("bench", "--cifar", MISSING_DATA, "--threads", "0");

        assertEquals(LosscapeCommand.STACK_FAILURE, exitCode);
        assertEquals("losscape: --threads (0) must be in [1, 256]", err.toString().strip());
    }

    private static BenchCommand parse(String... args) {
        CommandLine.ParseResult result = LosscapeCommand.commandLine().parseArgs(args);
        return (BenchCommand) result.subcommand().commandSpec().userObject();
    }
}
