package org.era4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced in the next commit by the real conformance check. */
@Command(name = "verify", description = "Check every backend against the float64 reference.")
final class VerifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalStateException("verify is not implemented yet");
    }
}
