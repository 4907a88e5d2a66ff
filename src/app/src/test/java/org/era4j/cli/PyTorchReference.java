package org.era4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Tensor;
import org.era4j.data.Dataset;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.nn.Sequential;
import org.era4j.nn.io.SafeTensors;
import org.era4j.train.Checkpoints;
import org.era4j.train.ModelFactory;
import org.era4j.train.RunSummary;
import org.era4j.train.TrainConfig;

/**
 * Writes era4j's own logits for the first {@code n} bundled Fashion-MNIST test images of a run
 * folder, with the images exactly as era4j fed them, to a safetensors file ({@code input}
 * (n, 1, 28, 28), {@code logits} (n, 10)) that {@code docs/interop/load_era4j_checkpoint.py}
 * compares a PyTorch copy of the network against.
 *
 * <pre>java -cp src/app/target/era4j-app-0.1.0-SNAPSHOT-cli.jar:src/app/target/test-classes \
 *     org.era4j.cli.PyTorchReference RUN_DIR OUT.safetensors [N]</pre>
 */
public final class PyTorchReference {

    private PyTorchReference() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PyTorchReference RUN_DIR OUT.safetensors [N]");
            System.exit(2);
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        write(Path.of(args[0]), Path.of(args[1]), n);
        System.out.println("wrote era4j logits of " + n + " test images to " + args[1]);
    }

    static void write(Path run, Path out, int n) throws IOException {
        TrainConfig config = RunSummary.readConfig(run.resolve(RunSummary.FILE_NAME), null, run);
        Sequential net = ModelFactory.build(config, new int[] {1, 28, 28}, 10);
        Checkpoints.restoreWeights(run.resolve("checkpoint.safetensors"), net);
        net.eval();
        Dataset test = EmbeddedFashionMnist.load().test();
        float[] x = new float[n * 784];
        for (int i = 0; i < n; i++) {
            test.copyImage(i, x, i * 784);
        }
        float[] logits;
        try (ExecutionContext context = ExecutionContext.cpu(2); GradMode.Scope s = GradMode.disabled()) {
            logits = net.forward(context, Tensor.of(x, n, 1, 28, 28)).data();
        }
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        entries.put("input", new SafeTensors.Entry(new int[] {n, 1, 28, 28}, x));
        entries.put("logits", new SafeTensors.Entry(new int[] {n, 10}, logits));
        SafeTensors.write(out, entries, Map.of());
    }
}
