package org.era4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real data: Debian's Fashion-MNIST (installed by .ci/run; skipped with a message elsewhere)
 * and the embedded subset drawn from it.
 */
class FashionMnistFilesTest {

    static TrainTestData embedded;

    @BeforeAll
    static void loadEmbedded() throws IOException {
        embedded = EmbeddedFashionMnist.load();
    }

    private static void assumeDebianData() {
        assumeTrue(DataDirectory.isComplete(DataLocator.DEBIAN_FASHION_MNIST),
                "Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist; "
                        + ".ci/run does): no files under " + DataLocator.DEBIAN_FASHION_MNIST);
    }

    @Test
    void embeddedSubsetHasTheStatedCountsShapesAndExactBalance() {
        Dataset train = embedded.train();
        Dataset test = embedded.test();
        assertEquals(10_000, train.size());
        assertEquals(2_000, test.size());
        for (Dataset d : new Dataset[] {train, test}) {
            assertEquals(1, d.channels());
            assertEquals(28, d.height());
            assertEquals(28, d.width());
            assertEquals(10, d.classes());
        }
        int[] trainBalance = new int[10];
        Arrays.fill(trainBalance, EmbeddedFashionMnist.TRAIN_PER_CLASS);
        int[] testBalance = new int[10];
        Arrays.fill(testBalance, EmbeddedFashionMnist.TEST_PER_CLASS);
        assertArrayEquals(trainBalance, train.classCounts());
        assertArrayEquals(testBalance, test.classCounts());
    }

    @Test
    void embeddedImagesAreNotBlank() {
        // Every Fashion-MNIST item covers a sizeable part of the frame; a blank or constant image means a broken file.
        Dataset train = embedded.train();
        for (int i = 0; i < train.size(); i += 97) {
            int lit = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    lit += train.pixel(i, 0, y, x) > 0 ? 1 : 0;
                }
            }
            int index = i;
            int litCount = lit;
            org.junit.jupiter.api.Assertions.assertTrue(lit > 30, () -> "image " + index + " has " + litCount + " lit pixels");
        }
    }

    @Test
    void debianFashionMnistHasItsFullCountsAndShapes() throws IOException {
        assumeDebianData();
        TrainTestData full = DataDirectory.load(DataLocator.DEBIAN_FASHION_MNIST, "debian");
        assertEquals(60_000, full.train().size());
        assertEquals(10_000, full.test().size());
        assertEquals(28, full.train().height());
        assertEquals(28, full.train().width());
        assertEquals(1, full.train().channels());
        int[] six = new int[10];
        Arrays.fill(six, 6000);
        int[] one = new int[10];
        Arrays.fill(one, 1000);
        assertArrayEquals(six, full.train().classCounts());
        assertArrayEquals(one, full.test().classCounts());
    }

    @Test
    void embeddedSubsetIsReproducedFromDebianData() throws IOException {
        assumeDebianData();
        TrainTestData full = DataDirectory.load(DataLocator.DEBIAN_FASHION_MNIST, "debian");
        assertSame(StratifiedSubset.select(full.train(), EmbeddedFashionMnist.TRAIN_PER_CLASS,
                EmbeddedFashionMnist.SEED, "redrawn"), embedded.train());
        assertSame(StratifiedSubset.select(full.test(), EmbeddedFashionMnist.TEST_PER_CLASS,
                EmbeddedFashionMnist.SEED, "redrawn"), embedded.test());
    }

    private static void assertSame(Dataset expected, Dataset actual) {
        assertArrayEquals(expected.labels(), actual.labels());
        float[] a = new float[expected.imageSize()];
        float[] b = new float[expected.imageSize()];
        for (int i = 0; i < expected.size(); i++) {
            expected.copyImage(i, a, 0);
            actual.copyImage(i, b, 0);
            assertArrayEquals(a, b, "image " + i);
        }
    }
}
