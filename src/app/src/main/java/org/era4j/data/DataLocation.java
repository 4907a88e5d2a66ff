package org.era4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The place {@link DataLocator} chose: a directory (with how it was named) or the embedded subset.
 *
 * @param directory the data directory, null for {@link Source#EMBEDDED}
 */
public record DataLocation(Source source, Path directory) {

    /** How the location was found, in the locator's order of preference. */
    public enum Source {
        OPTION("--data"),
        ENVIRONMENT("$" + DataLocator.ENVIRONMENT_VARIABLE),
        SYSTEM("system data set"),
        EMBEDDED("embedded Fashion-MNIST subset");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        String describe(Path dir) {
            return dir == null ? label : label + " " + dir;
        }
    }

    public DataLocation {
        if ((source == Source.EMBEDDED) != (directory == null)) {
            throw new IllegalArgumentException("a " + source + " location " + (directory == null
                    ? "needs a directory" : "has no directory, got " + directory));
        }
    }

    /** E.g. {@code "--data /tmp/fmnist"}, {@code "embedded Fashion-MNIST subset"}. */
    public String describe() {
        return source.describe(directory);
    }

    /** Reads the train and test sets from this location. */
    public TrainTestData load() throws IOException {
        return source == Source.EMBEDDED ? EmbeddedFashionMnist.load() : DataDirectory.load(directory, describe());
    }
}
