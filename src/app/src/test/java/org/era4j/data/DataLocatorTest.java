package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @TempDir
    Path root;

    Path option;
    Path environment;
    Path system;

    @BeforeEach
    void directories() throws IOException {
        option = root.resolve("option");
        environment = root.resolve("env");
        system = root.resolve("system");
        IdxFixtures.writeIdxDirectory(option, 10, 10, 4, true);
        IdxFixtures.writeIdxDirectory(environment, 20, 10, 4, false);
        IdxFixtures.writeIdxDirectory(system, 30, 10, 4, true);
    }

    private static Map<String, String> env(Path dir) {
        return Map.of(DataLocator.ENVIRONMENT_VARIABLE, dir.toString());
    }

    @Test
    void optionWinsOverEverything() throws IOException {
        DataLocation l = new DataLocator(env(environment), system).locate(option);
        assertEquals(DataLocation.Source.OPTION, l.source());
        assertEquals(option, l.directory());
        assertEquals(10, l.load().train().size());
        assertEquals("--data " + option, l.describe());
    }

    @Test
    void environmentComesSecond() throws IOException {
        DataLocation l = new DataLocator(env(environment), system).locate(null);
        assertEquals(DataLocation.Source.ENVIRONMENT, l.source());
        assertEquals(20, l.load().train().size());
    }

    @Test
    void blankEnvironmentIsIgnoredAndSystemComesThird() throws IOException {
        DataLocation l = new DataLocator(Map.of(DataLocator.ENVIRONMENT_VARIABLE, " "), system).locate(null);
        assertEquals(DataLocation.Source.SYSTEM, l.source());
        assertEquals(30, l.load().train().size());
    }

    @Test
    void embeddedSubsetWhenNothingElseIsThere() throws IOException {
        DataLocation l = new DataLocator(Map.of(), root.resolve("absent")).locate(null);
        assertEquals(DataLocation.Source.EMBEDDED, l.source());
        assertNull(l.directory());
        assertEquals(EmbeddedFashionMnist.TRAIN_PER_CLASS * 10, l.load().train().size());
    }

    @Test
    void incompleteSystemDirectoryFallsThroughToEmbedded() throws IOException {
        Files.delete(system.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(DataLocation.Source.EMBEDDED, new DataLocator(Map.of(), system).locate(null).source());
    }

    @Test
    void directoriesNamedByTheUserMustBeComplete() throws IOException {
        Files.delete(option.resolve("train-images-idx3-ubyte.gz"));
        DataLocator locator = new DataLocator(env(root.resolve("typo")), system);
        IOException fromOption = assertThrows(IOException.class, () -> locator.locate(option));
        assertTrue(fromOption.getMessage().startsWith("--data " + option + ": holds neither"), fromOption.getMessage());
        IOException fromEnv = assertThrows(IOException.class, () -> locator.locate(null));
        assertTrue(fromEnv.getMessage().startsWith("$ERA4J_DATA " + root.resolve("typo") + ": is not a directory"),
                fromEnv.getMessage());
    }

    @Test
    void rawFilesAreUsedWhenNoGzipIsThere() throws IOException {
        TrainTestData d = DataDirectory.load(environment, "raw");
        assertEquals(20, d.train().size());
        assertEquals(10, d.test().size());
        assertEquals("raw", d.origin());
    }
}
