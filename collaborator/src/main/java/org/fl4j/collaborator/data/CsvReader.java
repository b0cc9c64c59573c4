package org.fl4j.collaborator.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a labelled table from a CSV file: a header line naming the columns, one sample a line, a label
 * column and numeric feature columns (every other column). Labels are class indices ({@code 0, 1, ...}) or,
 * when {@code classNames} are given, one of those names. Fields may be double-quoted. Errors name the file,
 * the line and the column.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * @param labelColumn the header name of the label column
     * @param classNames the class names in class-index order, or an empty list for integer labels
     * @param classCount the number of classes, or 0 to take the largest label + 1 (integer labels only)
     */
    public static LabeledData read(Path file, String labelColumn, List<String> classNames, int classCount)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new DataException(file + ": empty CSV file (expected a header line)");
            }
            List<String> header = split(headerLine, file, 1);
            int label = header.indexOf(labelColumn);
            if (label < 0) {
                throw new DataException(file + ":1: no label column '" + labelColumn + "' in the header (columns: "
                        + String.join(", ", header) + ")");
            }
            int features = header.size() - 1;
            FloatList values = new FloatList();
            List<Integer> labels = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line, file, lineNo);
                if (fields.size() != header.size()) {
                    throw new DataException(file + ":" + lineNo + ": " + fields.size() + " values, the header has "
                            + header.size() + " columns");
                }
                for (int c = 0; c < fields.size(); c++) {
                    if (c == label) {
                        labels.add(label(fields.get(c), classNames, file, lineNo, labelColumn));
                    } else {
                        values.add(number(fields.get(c), file, lineNo, header.get(c)));
                    }
                }
            }
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            int classes = !classNames.isEmpty() ? classNames.size()
                    : Math.max(classCount, java.util.Arrays.stream(y).max().orElse(0) + 1);
            if (y.length == 0) {
                throw new DataException(file + ": no samples after the header");
            }
            return new LabeledData(file.toString(), new int[] {features}, values.toArray(), y, classes);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
    }

    private static int label(String value, List<String> classNames, Path file, int line, String column)
            throws DataException {
        if (!classNames.isEmpty()) {
            int index = classNames.indexOf(value);
            if (index < 0) {
                throw new DataException(file + ":" + line + ": label '" + value + "' in column '" + column
                        + "' is not one of the classes " + classNames);
            }
            return index;
        }
        try {
            int index = Integer.parseInt(value.strip());
            if (index < 0) {
                throw new NumberFormatException();
            }
            return index;
        } catch (NumberFormatException e) {
            throw new DataException(file + ":" + line + ": label '" + value + "' in column '" + column + "' is not a"
                    + " class index (0, 1, ...); name the classes in data_loader.settings.classes");
        }
    }

    private static float number(String value, Path file, int line, String column) throws DataException {
        try {
            float f = Float.parseFloat(value.strip());
            if (!Float.isFinite(f)) {
                throw new NumberFormatException();
            }
            return f;
        } catch (NumberFormatException e) {
            throw new DataException(file + ":" + line + ": column '" + column + "' holds '" + value
                    + "', not a number");
        }
    }

    /** Splits one CSV line; double quotes enclose fields with commas, "" is a quote inside quotes. */
    static List<String> split(String line, Path file, int lineNo) throws DataException {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new DataException(file + ":" + lineNo + ": unterminated quoted field");
        }
        out.add(field.toString().strip());
        return out;
    }

    private static final class FloatList {
        private float[] data = new float[1024];
        private int size;

        void add(float v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
