package org.losscape.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident set size of a process, from Linux's {@code /proc/<pid>/status}. */
final class Rss {

    private Rss() {}

    /** This process's RSS in MB (10^6 bytes); NaN where /proc is not readable. */
    static double megabytes() {
        return megabytes(ProcessHandle.current().pid());
    }

    /** The RSS of process {@code pid} in MB (10^6 bytes); NaN if it is gone. */
    static double megabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) * 1024 / 1e6;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
