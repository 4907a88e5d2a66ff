package org.era4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reactor cannot import its own BOM, so the parent POM lists the era4j artifacts a second
 * time; this keeps the two lists equal, and every module of the reactor in them.
 */
class BomTest {

    private static final Pattern ARTIFACT = Pattern.compile(
            "<groupId>org\\.era4j</groupId>\\s*<artifactId>(era4j-[a-z]+)</artifactId>\\s*<version>\\$\\{project\\.version}</version>\\s*</dependency>");

    @Test
    void theParentAndTheBomManageTheSameArtifacts() throws IOException {
        Path root = Path.of("../..").toRealPath();
        Set<String> parent = managed(root.resolve("pom.xml"));
        Set<String> bom = managed(root.resolve("src/bom/pom.xml"));
        assertEquals(bom, parent);
        assertTrue(bom.containsAll(Set.of("era4j-core", "era4j-fit", "era4j-opencl", "era4j-nn", "era4j-app", "era4j-tornado")), bom.toString());
        for (String module : new String[] {"core", "fit", "opencl", "nn", "app"}) {
            String pom = Files.readString(root.resolve("src/" + module + "/pom.xml"));
            assertTrue(pom.contains("<artifactId>era4j-" + module + "</artifactId>"), module);
        }
    }

    private static Set<String> managed(Path pom) throws IOException {
        String text = Files.readString(pom);
        String management = text.substring(text.indexOf("<dependencyManagement>"), text.indexOf("</dependencyManagement>"));
        Set<String> artifacts = new TreeSet<>();
        Matcher m = ARTIFACT.matcher(management);
        while (m.find()) {
            artifacts.add(m.group(1));
        }
        return artifacts;
    }
}
