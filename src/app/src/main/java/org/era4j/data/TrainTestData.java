package org.era4j.data;

import java.util.Objects;

/**
 * A training set and a test set of the same image shape and class count.
 *
 * @param origin where they were found, e.g. {@code "--data /tmp/fmnist"} or {@code "embedded subset"}
 */
public record TrainTestData(Dataset train, Dataset test, String origin) {

    public TrainTestData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(origin, "origin");
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.classes() != test.classes()) {
            throw new IllegalArgumentException(origin + ": train " + train + " and test " + test
                    + " differ in image shape or class count");
        }
    }
}
