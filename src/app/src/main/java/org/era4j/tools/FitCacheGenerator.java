package org.era4j.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.era4j.fit.EraFitter;
import org.era4j.rational.ActivationTarget;
import org.era4j.rational.EraFit;
import org.era4j.rational.EraInitializer;
import org.era4j.rational.EraSpec;
import org.era4j.rational.FitCache;
import org.era4j.rational.FitProblem;

/**
 * Writes {@code fits.tsv} (see {@link FitCache}): the fits {@link EraInitializer#fitted} serves
 * instantly. Run from the repository root after {@code mvn -o package -DskipTests}:
 *
 * <pre>
 *   java -cp src/app/target/era4j-app-0.1.0-SNAPSHOT-cli.jar org.era4j.tools.FitCacheGenerator \
 *        src/core/src/main/resources/org/era4j/rational/fits.tsv
 * </pre>
 *
 * Fits every target of {@link FitCache#TARGETS} with {@code n = 1 .. }{@link FitCache#MAX_CACHED_FRACTIONS}, the
 * default eps, on {@code [-3, 3]} with {@code |p| <= }{@link EraInitializer#FITTED_MAX_PARAMETER}.
 * The file is written atomically (temp file, fsync, rename).
 */
public final class FitCacheGenerator {

    private FitCacheGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FitCacheGenerator <output fits.tsv>");
            System.exit(2);
        }
        StringBuilder out = new StringBuilder();
        out.append("# era4j fitted ERA initialisations: least squares on 2001 points, errors of the float32\n")
                .append("# parameters on 100001 points. Written by org.era4j.tools.FitCacheGenerator (docs/fitting.md).\n")
                .append(FitCache.HEADER).append('\n');
        for (String name : FitCache.TARGETS) {
            FitProblem problem = EraInitializer.fittedProblem(ActivationTarget.parse(name),
                    EraSpec.of(FitCache.MAX_CACHED_FRACTIONS));
            long start = System.nanoTime();
            for (EraFit fit : EraFitter.fitUpTo(problem)) {
                out.append(FitCache.row(fit)).append('\n');
            }
            System.err.printf("%s: n=1..%d in %.1f s%n", name, FitCache.MAX_CACHED_FRACTIONS,
                    (System.nanoTime() - start) / 1e9);
        }
        writeAtomically(Path.of(args[0]), out.toString());
    }

    static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
