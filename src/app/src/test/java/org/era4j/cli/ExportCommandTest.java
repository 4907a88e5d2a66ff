package org.era4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.era4j.autograd.ExecutionContext;
import org.era4j.autograd.GradMode;
import org.era4j.autograd.Tensor;
import org.era4j.data.Dataset;
import org.era4j.data.EmbeddedFashionMnist;
import org.era4j.nn.Sequential;
import org.era4j.train.Checkpoints;
import org.era4j.train.ModelFactory;
import org.era4j.train.RunSummary;
import org.era4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code era train} a small FCN and CNN with ERAs, {@code era export} them, run the ONNX files in
 * ONNX Runtime on the test images and compare with era4j: logits within 2e-4 (absolute + relative),
 * the same predicted class on every image.
 */
class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void exportsTrainedFcnAndCnnThatOnnxRuntimeRunsLikeEra4j() throws Exception {
        Dataset test = EmbeddedFashionMnist.load().test();
        for (String model : new String[] {"fcn", "cnn"}) {
            Path run = dir.resolve(model);
            VerifyCommandTest.Captured train = VerifyCommandTest.Captured.run("train", "--model", model,
                    "--activation", "era", "--sharing", "channel", "--epochs", "1", "--train-limit",
                    model.equals("cnn") ? "100" : "1000", "--batch", "50", "--threads", "2", "--out", run.toString());
            assertEquals(0, train.exitCode(), train.err());
            Path onnx = dir.resolve(model + ".onnx");
            VerifyCommandTest.Captured export = VerifyCommandTest.Captured.run("export", "--run", run.toString(),
                    "--onnx", onnx.toString());
            assertEquals(0, export.exitCode(), export.err());
            assertTrue(Files.size(onnx) > 10_000);

            TrainConfig config = RunSummary.readConfig(run.resolve(RunSummary.FILE_NAME), null, run);
            Sequential net = ModelFactory.build(config, new int[] {1, 28, 28}, 10);
            Checkpoints.restoreWeights(run.resolve("checkpoint.safetensors"), net);
            net.eval();
            int n = model.equals("cnn") ? 200 : test.size();
            float[] x = new float[n * 784];
            for (int i = 0; i < n; i++) {
                test.copyImage(i, x, i * 784);
            }
            float[] expected;
            try (ExecutionContext context = ExecutionContext.cpu(2); GradMode.Scope s = GradMode.disabled()) {
                expected = net.forward(context, Tensor.of(x, n, 1, 28, 28)).data();
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            float[] actual;
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, 1, 28, 28});
                 OrtSession.Result result = session.run(Map.of("input", input))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                actual = new float[out.remaining()];
                out.get(actual);
            }
            double worst = 0;
            for (int i = 0; i < n; i++) {
                int want = 0;
                int got = 0;
                for (int k = 0; k < 10; k++) {
                    int j = i * 10 + k;
                    double diff = Math.abs(expected[j] - actual[j]);
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= 2e-4 * (1 + Math.abs(expected[j])), model + " image " + i + " logit " + k);
                    want = expected[j] > expected[i * 10 + want] ? k : want;
                    got = actual[j] > actual[i * 10 + got] ? k : got;
                }
                assertEquals(want, got, model + ": predicted class of image " + i);
            }
            System.out.printf("era export %s: ONNX Runtime vs era4j on %d test images, max |logit difference| %.3g%n",
                    model, n, worst);
        }

        VerifyCommandTest.Captured notARun = VerifyCommandTest.Captured.run("export", "--run", dir.toString(),
                "--onnx", dir.resolve("x.onnx").toString());
        assertEquals(2, notARun.exitCode());
        assertTrue(notARun.err().contains("not a finished run folder"), notARun.err());
    }
}
