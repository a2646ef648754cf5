package org.losscape.stack;

import java.nio.file.Path;

/** The Java launcher that runs every child process: the one running this command. */
final class Jvm {

    private Jvm() {}

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
