package org.fl4j.collaborator.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An institution partitioning as the FeTS challenge distributes it: a CSV file with the header
 * {@code Subject_ID,Partition_ID} and one subject a line, assigning each subject (a record: a patient's
 * folder) to the partition (institution) whose number is a collaborator's data path. Errors name the file and
 * line: a malformed line, a subject listed twice, a subject that does not exist in the data, a partition
 * without subjects.
 */
public record Partitioning(Path file, Map<String, Integer> partitionOf) {

    public Partitioning {
        partitionOf = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(partitionOf));
    }

    public static Partitioning read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such partitioning file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().replace("\uFEFF", "").replace(" ", "")
                .equalsIgnoreCase("Subject_ID,Partition_ID")) {
            throw new DataException(file + ":1: expected the header Subject_ID,Partition_ID, found '"
                    + (lines.isEmpty() ? "" : lines.get(0).strip()) + "'");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2 || cells[0].isBlank()) {
                throw new DataException(file + ":" + (i + 1) + ": expected 'Subject_ID,Partition_ID', found '" + line
                        + "'");
            }
            int partition;
            try {
                partition = Integer.parseInt(cells[1].strip());
            } catch (NumberFormatException e) {
                throw new DataException(file + ":" + (i + 1) + ": Partition_ID '" + cells[1].strip()
                        + "' is not a whole number");
            }
            if (out.put(cells[0].strip(), partition) != null) {
                throw new DataException(file + ":" + (i + 1) + ": subject " + cells[0].strip() + " is listed twice");
            }
        }
        return new Partitioning(file, out);
    }

    /**
     * The subjects of {@code partition}, in the file's order, after checking that every subject the file
     * names exists among {@code available}; a partition without subjects is an error naming the collaborator.
     */
    public List<String> subjects(int partition, Collection<String> available, String collaborator)
            throws DataException {
        Set<String> unknown = new TreeSet<>(partitionOf.keySet());
        unknown.removeAll(Set.copyOf(available));
        if (!unknown.isEmpty()) {
            List<String> shown = new ArrayList<>(unknown).subList(0, Math.min(5, unknown.size()));
            throw new DataException(file + ": " + unknown.size() + " subject(s) not found in the data: "
                    + String.join(", ", shown) + (unknown.size() > 5 ? ", ..." : ""));
        }
        List<String> mine = partitionOf.entrySet().stream().filter(e -> e.getValue() == partition)
                .map(Map.Entry::getKey).toList();
        if (mine.isEmpty()) {
            throw new DataException(file + ": partition " + partition + " (the data path of collaborator "
                    + collaborator + ") has no subjects; partitions in the file: "
                    + new TreeSet<>(partitionOf.values()));
        }
        return mine;
    }
}
