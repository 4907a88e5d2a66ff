package org.era4j.train;

/** What one training epoch measured; a row of {@code metrics.csv}. */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy,
                           double testLoss, double testAccuracy, double seconds, double imagesPerSecond) {

    static final String CSV_HEADER =
            "epoch,learning_rate,train_loss,train_accuracy,test_loss,test_accuracy,seconds,images_per_second";

    String toCsv() {
        return epoch + "," + learningRate + "," + trainLoss + "," + trainAccuracy + "," + testLoss + ","
                + testAccuracy + "," + seconds + "," + imagesPerSecond;
    }

    static EpochMetrics parseCsv(String line, String source) {
        String[] f = line.split(",");
        if (f.length != 8) {
            throw new IllegalArgumentException(source + ": metrics row needs 8 columns, got " + f.length + ": " + line);
        }
        try {
            return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), Double.parseDouble(f[7]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": bad number in metrics row: " + line, e);
        }
    }
}
