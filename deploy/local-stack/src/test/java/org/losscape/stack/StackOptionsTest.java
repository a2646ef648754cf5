package org.losscape.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The checks of the ports the stack will take, before anything starts. */
class StackOptionsTest {

    /**
     * The demo on --http-port 9000 started the object store on 9000, then Kafka, and failed
     * 11 s later when the trainer could not bind the port.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--http-port 9000 | --http-port (9000) and --s3-port (9000) overlap: the services on"
                + " ports 9000-9004 and the object store on port 9000",
        "--http-port 8996 | --http-port (8996) and --s3-port (9000) overlap: the services on"
                + " ports 8996-9000 and the object store on port 9000",
        "--http-port 8996 --workers 1 --s3-port 8999 | --http-port (8996) and --s3-port (8999)"
                + " overlap: the services on ports 8996-8999 and the object store on port 8999",
        "--kafka-port 8999 | --kafka-port (8999) and --s3-port (9000) overlap: Kafka on ports"
                + " 8999-9000 and the object store on port 9000",
        "--http-port 9093 | --http-port (9093) and --kafka-port (9092) overlap: the services"
                + " on ports 9093-9097 and Kafka on ports 9092-9093",
        "--kafka-port 8084 | --http-port (8081) and --kafka-port (8084) overlap: the services"
                + " on ports 8081-8085 and Kafka on ports 8084-8085",
    })
    void check_overlappingPorts_refusedNamingBothFlagsAndTheirPorts(String flags,
            String message) {
        StackOptions options = parse(flags.strip().split(" "));

        StackException error = assertThrows(StackException.class, options::check);

        assertEquals(message + "; choose ports that do not overlap", error.getMessage());
    }

    @Test
    void check_portsSideBySide_pass() {
        StackOptions defaults = parse();
        StackOptions adjacent = parse("--http-port", "8995", "--workers", "2",
                "--kafka-port", "9001", "--s3-port", "9000");

        defaults.check();
        adjacent.check();

        assertEquals(List.of(8995, 8999, 9001, 9002, 9000, 9000), adjacent.portRanges().stream()
                .flatMap(range -> Stream.of(range.first(), range.last()))
                .toList());
    }

    @Test
    void stack_overlappingPorts_exitWith2BeforeTheDataIsLookedFor() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = LosscapeCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("stack", "--cifar", "/nonexistent/losscape-test",
                "--http-port", "9000");

        assertEquals(LosscapeCommand.STACK_FAILURE, exitCode);
        assertEquals("losscape: --http-port (9000) and --s3-port (9000) overlap: the services"
                + " on ports 9000-9004 and the object store on port 9000; choose ports that do"
                + " not overlap", err.toString().strip());
    }

    private static StackOptions parse(String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "stack";
        System.arraycopy(flags, 0, args, 1, flags.length);
        CommandLine.ParseResult result = LosscapeCommand.commandLine().parseArgs(args);
        return ((StackCommand) result.subcommand().commandSpec().userObject()).options;
    }
}
