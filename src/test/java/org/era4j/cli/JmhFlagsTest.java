package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * jmh/pom.xml cannot inherit the root pom (which has jar packaging), so it carries a copy of
 * {@code <era4j.jvmFlags>}; this keeps the copy equal to the one place the flags are defined.
 */
class JmhFlagsTest {

    private static final Pattern FLAGS = Pattern.compile("<era4j\\.jvmFlags>(.*?)</era4j\\.jvmFlags>");

    @Test
    void jmhModuleUsesTheRootPomsJvmFlags() throws Exception {
        String root = flags(Path.of("pom.xml"));
        assertFalse(root.isBlank());
        assertEquals(root, flags(Path.of("jmh", "pom.xml")),
                "jmh/pom.xml's <era4j.jvmFlags> must equal the root pom's");
    }

    private static String flags(Path pom) throws Exception {
        Matcher m = FLAGS.matcher(Files.readString(pom));
        if (!m.find()) {
            throw new AssertionError(pom + " has no <era4j.jvmFlags>");
        }
        String value = m.group(1).trim();
        if (m.find()) {
            throw new AssertionError(pom + " defines <era4j.jvmFlags> twice");
        }
        return value;
    }
}
