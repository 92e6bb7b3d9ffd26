package io.atelier.infra.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs, run by the same Java as the launcher. */
final class JavaCommand {

    private JavaCommand() {
    }

    /**
     * The marker goes first: Linux shows only the first 4 KiB of a command line, and the classpath
     * would push anything later out of sight of {@link ManagedProcess#running()}.
     */
    static List<String> of(String marker, String classpath, List<String> jvmOptions, String mainClass,
                           List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(marker);
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
