package org.era4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry: what ServiceLoader finds, names, selectors and errors. */
class EraBackendsTest {

    @Test
    void theCoreRegistersItsThreeBackendsInListingOrder() {
        List<String> names = EraBackends.providers().stream().map(EraBackendProvider::name).toList();
        assertEquals(List.of("simd", "scalar", "reference"), names.subList(0, 3));
        assertTrue(EraBackends.names().contains("simd"));
    }

    @Test
    void namesAndAliasesIgnoreCase() {
        assertSame(ScalarEraBackend.INSTANCE, EraBackends.open("scalar"));
        assertSame(ReferenceEraBackend.INSTANCE, EraBackends.open(" Reference "));
        assertEquals("simd", EraBackends.open("VECTOR").name());
        assertEquals("simd", EraBackends.find("simd").orElseThrow().name());
    }

    @Test
    void anUnknownNameListsWhatTheRegistryFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EraBackends.open("cuda"));
        assertTrue(e.getMessage().contains("unknown backend 'cuda'"), e.getMessage());
        assertTrue(e.getMessage().contains("simd, scalar, reference"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EraBackends.open(""));
        assertThrows(IllegalArgumentException.class, () -> EraBackends.open(null));
    }

    @Test
    void aSelectorOnABackendWithoutOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EraBackends.open("scalar:1"));
        assertTrue(e.getMessage().contains("takes no selector"), e.getMessage());
    }

    @Test
    void describeListsEveryProviderWithItsAvailability() {
        String text = EraBackends.describe();
        for (EraBackendProvider provider : EraBackends.providers()) {
            assertTrue(text.contains(provider.name()), text);
            assertTrue(text.contains(provider.description()), text);
        }
    }

    @Test
    void closingACpuBackendDoesNothing() {
        EraBackend backend = EraBackends.open("simd");
        backend.close();
        float[] y = new float[1];
        backend.forward(org.era4j.rational.EraSpec.of(1), new float[6], 0, new float[1], 0, y, 0, 1);
        assertEquals(0f, y[0]);
    }
}
