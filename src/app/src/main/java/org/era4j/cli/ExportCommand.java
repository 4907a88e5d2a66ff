package org.era4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.era4j.nn.Sequential;
import org.era4j.onnx.OnnxExport;
import org.era4j.train.Checkpoints;
import org.era4j.train.ModelFactory;
import org.era4j.train.RunSummary;
import org.era4j.train.TrainConfig;
import org.era4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code era export --run DIR --onnx model.onnx}: writes a run's trained network (its
 * {@code summary.json} configuration and {@code checkpoint.safetensors} weights) as a standard ONNX
 * model, ERA activations in elementary operators (see {@link OnnxExport}). Input {@code input} of
 * shape {@code (N, C, H, W)}, output {@code logits} of shape {@code (N, classes)}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run's trained network as a standard ONNX model (ERAs as elementary operators).")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "a run folder written by era train or era demo")
    Path run;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "the ONNX model to write")
    Path onnx;

    @Option(names = "--input-shape", paramLabel = "C,H,W", description = "one image's shape (default: ${DEFAULT-VALUE}, Fashion-MNIST)")
    String inputShape = "1,28,28";

    @Option(names = "--classes", paramLabel = "K", description = "number of classes (default: ${DEFAULT-VALUE})")
    int classes = 10;

    @Override
    public Integer call() throws Exception {
        Path summary = run.resolve(RunSummary.FILE_NAME);
        Path checkpoint = run.resolve(Trainer.CHECKPOINT);
        if (!Files.exists(summary) || !Files.exists(checkpoint)) {
            throw new IllegalArgumentException(run + " is not a finished run folder (needs " + RunSummary.FILE_NAME + " and "
                    + Trainer.CHECKPOINT + ")");
        }
        int[] shape = parseShape(inputShape);
        if (classes < 2) {
            throw new IllegalArgumentException("--classes must be >= 2, got " + classes);
        }
        TrainConfig config = RunSummary.readConfig(summary, null, run);
        Sequential model = ModelFactory.build(config, shape, classes);
        Checkpoints.restoreWeights(checkpoint, model);
        OnnxExport.write(model, shape, "era4j " + config.model() + " " + config.activation(), onnx);
        System.out.println("wrote " + onnx + " (" + config.model() + ", " + config.activation() + ", input (N, "
                + inputShape + "), output (N, " + classes + "))");
        return 0;
    }

    static int[] parseShape(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("--input-shape must be C,H,W, got '" + text + "'");
        }
        int[] shape = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--input-shape must be C,H,W of positive integers, got '" + text + "'");
            }
            if (shape[i] < 1 || shape[i] > 65_536) {
                throw new IllegalArgumentException("--input-shape dimensions must be in [1, 65536], got '" + text + "'");
            }
        }
        return shape;
    }
}
