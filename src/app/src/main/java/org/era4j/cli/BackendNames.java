package org.era4j.cli;

import java.util.Iterator;
import org.era4j.kernel.EraBackends;

/**
 * The backend names the registry finds, for picocli's {@code ${COMPLETION-CANDIDATES}} in every
 * {@code --backend} help text; nothing here names a backend.
 */
public final class BackendNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return EraBackends.names().iterator();
    }
}
