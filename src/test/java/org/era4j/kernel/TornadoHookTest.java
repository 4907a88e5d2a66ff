package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Outside TornadoVM, asking for the tornado backend explains how to launch; it never crashes. */
class TornadoHookTest {

    @Test
    void tornadoBackendOutsideTheSdkSaysHowToLaunch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tornado"));
        assertTrue(e.getMessage().contains("TornadoVM"), e.getMessage());
        assertTrue(e.getMessage().contains("tornado-argfile"), e.getMessage());
        assertTrue(e.getMessage().contains("docs/tornadovm.md"), e.getMessage());
    }

    @Test
    void lookupIsCaseInsensitiveLikeTheOtherNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName(" Tornado "));
        assertTrue(e.getMessage().contains("TornadoVM"), e.getMessage());
    }
}
