package org.fl4j.collaborator.data.segmentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fl4j.collaborator.data.DataException;
import org.fl4j.collaborator.data.DataLoader;
import org.fl4j.collaborator.data.Partitioning;
import org.fl4j.collaborator.data.ShardSpec;
import org.fl4j.collaborator.data.synthetic.SyntheticMri;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;

/**
 * A site's segmentation data from its data path and {@code data_loader.settings} ({@code format}):
 * <ul>
 *   <li>{@code nifti}: a folder of subject folders ({@link VolumeSlices}); or, with {@code partitioning} (a
 *       FeTS partitioning CSV), the data path is the site's Partition_ID and its subjects come from the folder
 *       {@code data_dir};</li>
 *   <li>{@code png_pairs}: a folder with {@code images/} and {@code masks/} ({@link PngPairs});</li>
 *   <li>{@code synthetic_mri}: the data path is the site number of SYNTHETIC MRI-like subjects
 *       ({@link SyntheticMri}: {@code subjects}, {@code image_size}, {@code slices_per_subject}).</li>
 * </ul>
 * Subjects (for png_pairs, images) are held out for validation with {@code validation_fraction} (seeded), so no
 * subject has slices on both sides.
 */
public final class SegmentationLoader {

    private SegmentationLoader() {
    }

    public static SegmentationSplit load(RunnerContext c) throws IOException {
        return load(c.workspace(), c.collaborator(), c.dataPath(), c.dataLoaderSettings(), c.seed());
    }

    public static SegmentationSplit load(Path workspace, String collaborator, String dataPath, Settings s, long seed)
            throws IOException {
        String format = s.getString("format", "nifti");
        String label = s.getString("label", "tumour");
        Normalization norm = normalization(s);
        MaskLabels labels = maskLabels(s);
        List<SegmentationData> subjects = switch (format) {
            case "synthetic_mri" -> synthetic(collaborator, dataPath, s, seed, labels, label);
            case "nifti" -> nifti(workspace, collaborator, dataPath, s, norm, labels, label);
            case "png_pairs" -> splitImages(PngPairs.read(DataLoader.existing(workspace, collaborator, dataPath),
                    labels, norm, label));
            default -> throw new SettingsException(s.path() + ".format: unknown segmentation data format '" + format
                    + "': choose from nifti, png_pairs, synthetic_mri");
        };
        return holdOut(subjects, s, seed);
    }

    private static List<SegmentationData> synthetic(String collaborator, String dataPath, Settings s, long seed,
            MaskLabels labels, String label) throws DataException {
        OptionalInt site = ShardSpec.parseShardNumber(dataPath);
        if (site.isEmpty() || site.getAsInt() < 1) {
            throw new DataException("data path '" + dataPath + "' of collaborator " + collaborator
                    + " (plan/data.yaml): format synthetic_mri takes the site number (1, 2, ...)");
        }
        VolumeSlices slicer = slicer(s, Normalization.ZSCORE, labels, label);
        List<SegmentationData> out = new ArrayList<>();
        for (SyntheticMri.Subject subject : SyntheticMri.generate(site.getAsInt(), s.getInt("subjects", 8),
                s.getInt("image_size", 64), s.getInt("slices_per_subject", 16), s.getLong("split_seed", seed))) {
            normalization(s).apply(subject.image().values(), 0, subject.image().values().length);
            out.add(slicer.slice(subject.id(), List.of(subject.image()), subject.mask()));
        }
        return out;
    }

    private static List<SegmentationData> nifti(Path workspace, String collaborator, String dataPath, Settings s,
            Normalization norm, MaskLabels labels, String label) throws IOException {
        VolumeSlices slicer = slicer(s, norm, labels, label);
        List<Path> subjects;
        if (s.has("partitioning")) {
            Partitioning partitioning = Partitioning.read(workspace.resolve(s.requireString("partitioning")).normalize());
            OptionalInt partition = ShardSpec.parseShardNumber(dataPath);
            if (partition.isEmpty()) {
                throw new DataException("data path '" + dataPath + "' of collaborator " + collaborator + " (plan/data"
                        + ".yaml): with data_loader.settings.partitioning the data path is the Partition_ID");
            }
            Path dir = workspace.resolve(s.requireString("data_dir")).normalize();
            List<Path> all = subjectFolders(dir);
            List<String> mine = partitioning.subjects(partition.getAsInt(),
                    all.stream().map(p -> p.getFileName().toString()).toList(), collaborator);
            subjects = mine.stream().map(dir::resolve).toList();
        } else {
            subjects = subjectFolders(DataLoader.existing(workspace, collaborator, dataPath));
        }
        List<SegmentationData> out = new ArrayList<>();
        for (Path p : subjects) {
            out.add(slicer.read(p));
        }
        return out;
    }

    static List<Path> subjectFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such folder (expected one folder per subject)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
            if (out.isEmpty()) {
                throw new DataException(dir + ": no subject folders");
            }
            return out;
        }
    }

    private static List<SegmentationData> splitImages(SegmentationData all) {
        List<SegmentationData> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(all.subset(new int[] {i}, all.source() + " image " + i));
        }
        return out;
    }

    private static SegmentationSplit holdOut(List<SegmentationData> subjects, Settings s, long seed)
            throws DataException {
        double fraction = s.getDouble("validation_fraction", 0.2);
        if (!(fraction > 0 && fraction < 1)) {
            throw new SettingsException(s.path() + ".validation_fraction must be between 0 and 1, found " + fraction);
        }
        if (subjects.size() < 2) {
            throw new DataException(subjects.isEmpty() ? "no segmentation data" : subjects.get(0).source()
                    + ": one subject is too few to hold one out for validation");
        }
        List<SegmentationData> order = new ArrayList<>(subjects);
        java.util.Collections.shuffle(order, new java.util.Random(new SplittableRandom(s.getLong("split_seed", seed))
                .nextLong()));
        int valid = (int) Math.max(1, Math.min(order.size() - 1, Math.round(order.size() * fraction)));
        String site = subjects.get(0).source();
        return new SegmentationSplit(SegmentationData.concat(site + " ... (training subjects)",
                order.subList(valid, order.size())), SegmentationData.concat(site + " ... (validation subjects)",
                order.subList(0, valid)));
    }

    private static VolumeSlices slicer(Settings s, Normalization norm, MaskLabels labels, String label) {
        List<String> modalities = s.getList("modalities").stream().map(String::valueOf).toList();
        try {
            return new VolumeSlices(modalities.isEmpty() ? List.of("flair") : modalities, s.getInt("slice_axis", 2),
                    s.getInt("slice_step", 1), norm, labels, label);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(s.path() + ": " + e.getMessage());
        }
    }

    private static Normalization normalization(Settings s) {
        try {
            return Normalization.fromPlanName(s.getString("normalization", "zscore"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(s.path() + ".normalization: " + e.getMessage());
        }
    }

    private static MaskLabels maskLabels(Settings s) {
        List<Integer> declared = s.getList("mask_labels").stream().map(v -> Integer.valueOf(String.valueOf(v))).toList();
        if (declared.isEmpty()) {
            return MaskLabels.binary();
        }
        List<Integer> fg = s.getList("foreground").stream().map(v -> Integer.valueOf(String.valueOf(v))).toList();
        try {
            return fg.isEmpty() ? MaskLabels.nonZeroForeground(declared)
                    : new MaskLabels(java.util.Set.copyOf(declared), java.util.Set.copyOf(fg));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(s.path() + ".foreground: " + e.getMessage());
        }
    }
}
