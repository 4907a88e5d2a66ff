package org.era4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The safetensors header parser on strings a damaged file can hold. */
class JsonTest {

    @Test
    void aRawControlCharacterInAStringIsDamageNotAName() {
        IOException e = assertThrows(IOException.class, () -> Json.parse("{\"optim\nzer\": 1}"));
        assertTrue(e.getMessage().contains("control character 0xa"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anEscapedControlCharacterIsValidJsonAndPrintsEscapedInErrors() throws IOException {
        Object parsed = Json.parse("{\"a\\nb\": 1}");
        assertTrue(((Map<?, ?>) parsed).containsKey("a\nb"));
        assertEquals("a\\u000ab", SafeTensors.printable("a\nb"));
    }
}
