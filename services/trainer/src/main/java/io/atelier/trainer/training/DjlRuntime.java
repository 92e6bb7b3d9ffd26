package io.atelier.trainer.training;

/**
 * DJL must never download at run time: the CPU natives ship in the {@code pytorch-native-cpu} jar.
 * These defaults apply unless the environment or {@code -D} options name others (a GPU image does).
 */
final class DjlRuntime {

    static final String PYTORCH_VERSION = "2.7.1";

    private DjlRuntime() {
    }

    static void configureOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("PYTORCH_VERSION", PYTORCH_VERSION);
        setIfAbsent("PYTORCH_FLAVOR", "cpu");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null && System.getenv(name) == null) {
            System.setProperty(name, value);
        }
    }
}
