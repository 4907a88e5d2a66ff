package org.era4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Decides where training data comes from, in this order:
 *
 * <ol>
 *   <li>the directory given with {@code --data DIR};</li>
 *   <li>the directory in the environment variable {@value #ENVIRONMENT_VARIABLE};</li>
 *   <li>Debian's {@code dataset-fashion-mnist} package, {@code /usr/share/datasets/fashion-mnist};</li>
 *   <li>the {@link EmbeddedFashionMnist embedded subset}.</li>
 * </ol>
 *
 * A directory named by the user (option or variable) must hold a complete data set: a typo is an
 * error, not a silent fall-back to other data. The system directory is used only when complete.
 * The environment and system directory are injected so tests can check the order.
 */
public final class DataLocator {

    public static final String ENVIRONMENT_VARIABLE = "ERA4J_DATA";
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private final Map<String, String> environment;
    private final Path systemDirectory;

    public DataLocator(Map<String, String> environment, Path systemDirectory) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.systemDirectory = Objects.requireNonNull(systemDirectory, "systemDirectory");
    }

    /** The locator of this process: its environment and the Debian path. */
    public static DataLocator fromSystem() {
        return new DataLocator(System.getenv(), DEBIAN_FASHION_MNIST);
    }

    /**
     * Where data will be read from.
     *
     * @param dataOption the {@code --data} directory, or null when not given
     * @throws IOException when a directory the user named does not hold a complete data set
     */
    public DataLocation locate(Path dataOption) throws IOException {
        if (dataOption != null) {
            return userDirectory(dataOption, DataLocation.Source.OPTION);
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return userDirectory(Path.of(fromEnvironment), DataLocation.Source.ENVIRONMENT);
        }
        if (DataDirectory.isComplete(systemDirectory)) {
            return new DataLocation(DataLocation.Source.SYSTEM, systemDirectory);
        }
        return new DataLocation(DataLocation.Source.EMBEDDED, null);
    }

    /** {@code locate(dataOption).load()}. */
    public TrainTestData load(Path dataOption) throws IOException {
        return locate(dataOption).load();
    }

    private static DataLocation userDirectory(Path dir, DataLocation.Source source) throws IOException {
        if (!DataDirectory.isComplete(dir)) {
            // load() produces the message that says what is missing.
            DataDirectory.load(dir, source.describe(dir));
        }
        return new DataLocation(source, dir);
    }
}
