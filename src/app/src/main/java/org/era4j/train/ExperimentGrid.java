package org.era4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grid of training runs: axes of {@code era train} options, each with a list of values; the
 * cells are their cartesian product (first axis varies slowest). Text form, one axis per line:
 *
 * <pre>
 *   # FCN vs CNN with three activations
 *   model: fcn, cnn
 *   activation: relu, swish, era
 *   epochs: 2
 * </pre>
 *
 * Named grids ship as resources ({@code org/era4j/train/grids/NAME.grid}).
 */
public record ExperimentGrid(String name, Map<String, List<String>> axes) {

    /** One cell: an option value per axis, in axis order. */
    public record Cell(Map<String, String> options) {

        /** A directory-safe id such as {@code model=fcn,activation=era}. */
        public String id() {
            StringBuilder id = new StringBuilder();
            options.forEach((axis, value) -> {
                if (!id.isEmpty()) {
                    id.append(',');
                }
                id.append(axis).append('=').append(value.replaceAll("[^A-Za-z0-9._:-]", "_"));
            });
            return id.toString();
        }

        /** The cell as {@code era train} arguments. */
        public List<String> trainArguments() {
            List<String> args = new ArrayList<>();
            options.forEach((axis, value) -> {
                args.add("--" + axis);
                args.add(value);
            });
            return args;
        }
    }

    public ExperimentGrid {
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    }

    /** Loads a grid file, or a named grid shipped with the library when {@code fileOrName} is no file. */
    public static ExperimentGrid load(String fileOrName) throws IOException {
        Path path = Path.of(fileOrName);
        if (Files.isRegularFile(path)) {
            return parse(path.getFileName().toString().replaceFirst("\\.grid$", ""), Files.readString(path), path.toString());
        }
        String resource = "grids/" + fileOrName + ".grid";
        try (InputStream in = ExperimentGrid.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no grid file '" + fileOrName + "' and no built-in grid of that name; built-in: "
                        + String.join(", ", builtInNames()));
            }
            return parse(fileOrName, new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in grid " + fileOrName);
        }
    }

    /** Names of the grids that ship with the library. */
    public static List<String> builtInNames() {
        return List.of("activations", "cnn-activations", "clipping", "norm-axes", "capacity", "mobilenet-sgd", "mobilenet-adam", "smoke");
    }

    static ExperimentGrid parse(String name, String text, String source) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected 'option: value, value', got '" + line + "'");
            }
            String axis = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (!axis.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": bad option name '" + axis + "'");
            }
            if (axis.equals("seed") || axis.equals("out") || axis.equals("resume")) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": '" + axis
                        + "' is set by era experiment itself, not by the grid");
            }
            List<String> values = new ArrayList<>();
            for (String value : line.substring(colon + 1).split(",")) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": option '" + axis + "' has no values");
            }
            if (axes.put(axis, values) != null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": option '" + axis + "' appears twice");
            }
        }
        if (axes.isEmpty()) {
            throw new IllegalArgumentException(source + ": the grid has no axes");
        }
        return new ExperimentGrid(name, axes);
    }

    /** Every cell, first axis slowest. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        cells.add(new Cell(new LinkedHashMap<>()));
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Cell> next = new ArrayList<>();
            for (Cell cell : cells) {
                for (String value : axis.getValue()) {
                    Map<String, String> options = new LinkedHashMap<>(cell.options());
                    options.put(axis.getKey(), value);
                    next.add(new Cell(options));
                }
            }
            cells = next;
        }
        return cells;
    }
}
