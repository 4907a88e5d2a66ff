package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help renders without picocli warnings: a bare '%' in a description is read as
 * a format and the whole text is then printed raw (this happened to train's --schedule and
 * experiment's --shard).
 */
class HelpTextTest {

    @Test
    void everyHelpTextRendersCleanly() {
        CommandLine root = new CommandLine(new EraCommand());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String rootHelp = root.getUsageMessage();
            assertTrue(rootHelp.contains("Usage: era"), rootHelp);
            for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
                String help = sub.getValue().getUsageMessage();
                assertTrue(help.contains("Usage: era " + sub.getKey()), sub.getKey() + ": " + help);
                assertFalse(help.contains("%n"), sub.getKey() + " help has a raw %n: " + help);
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
    }

    @Test
    void experimentHelpNamesEveryBuiltInGrid() {
        String help = new CommandLine(new EraCommand()).getSubcommands().get("experiment").getUsageMessage();
        for (String grid : org.era4j.train.ExperimentGrid.builtInNames()) {
            assertTrue(help.contains(grid), grid + " missing from: " + help);
        }
    }
}
