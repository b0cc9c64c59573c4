package org.fl4j.collaborator.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.fl4j.collaborator.spi.RunnerContext;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;

/**
 * Loads a site's {@link LocalData} from its {@code plan/data.yaml} path and the plan's
 * {@code data_loader.settings}. The data path is one of:
 * <ul>
 *   <li>a shard number such as {@code 1} (OpenFL's {@code one,1}): shard 1 of {@code collaborator_count},
 *       cut with {@code split} from the folder {@code data_dir}, or from the embedded MNIST digits when
 *       {@code data_dir} is not set;</li>
 *   <li>{@code embedded}: all of the embedded MNIST digits;</li>
 *   <li>a folder with the four MNIST IDX files ({@code format: idx}, the default), relative to the
 *       workspace or absolute.</li>
 * </ul>
 * Settings: {@code format} (idx | csv), {@code collaborator_count}, {@code split} (round_robin | contiguous |
 * dirichlet, default round_robin), {@code alpha} (Dirichlet concentration, default 0.5), {@code split_seed}
 * (default: the plan's seed), {@code data_dir}.
 *
 * <p>With {@code format: csv} the data path is a CSV file, or a shard number cutting the CSV file
 * {@code data_file}; the site splits its rows into training and validation ({@code validation_fraction},
 * default 0.2, seeded) and normalises features with its training split's statistics ({@code normalize},
 * default true). {@code label_column} (default {@code label}) names the label column; {@code classes} lists
 * class names when labels are names rather than indices.
 *
 * <p>With {@code format: image_folder} the data path is a folder of class sub-folders of images
 * ({@code <class>/*.png|jpg|tif}), or a shard number cutting the folder {@code data_dir}; images are scaled to
 * {@code image_size} (default 32). {@code format: synthetic_histology} generates SYNTHETIC histology-like tiles
 * for the site whose number is the data path ({@code samples_per_class}, default 60). Both split the site's
 * images into training and validation with {@code validation_fraction}.
 */
public final class DataLoader {

    /** The data path that selects all of the embedded MNIST digits. */
    public static final String EMBEDDED = "embedded";
    /** The default Dirichlet concentration. */
    public static final double DEFAULT_ALPHA = 0.5;

    private DataLoader() {
    }

    /** The runner's data: from its context's data path, data loader settings, workspace and seed. */
    public static LocalData load(RunnerContext context) throws IOException {
        return load(context.workspace(), context.collaborator(), context.dataPath(), context.dataLoaderSettings(),
                context.seed());
    }

    public static LocalData load(Path workspace, String collaborator, String dataPath, Settings settings, long seed)
            throws IOException {
        String format = settings.getString("format", "idx");
        switch (format) {
            case "csv":
                return csv(workspace, collaborator, dataPath, settings, seed);
            case "image_folder":
                return ImageLoading.imageFolder(workspace, collaborator, dataPath, settings, seed);
            case "synthetic_histology":
                return ImageLoading.syntheticHistology(collaborator, dataPath, settings, seed);
            case "idx":
                break;
            default:
                throw new SettingsException(settings.path() + ".format: unknown data format '" + format
                        + "': choose from idx, csv, image_folder, synthetic_histology");
        }
        OptionalInt shard = ShardSpec.parseShardNumber(dataPath);
        if (shard.isPresent()) {
            return Sharding.shard(source(workspace, settings), shardSpec(shard.getAsInt(), settings, seed));
        }
        if (dataPath.strip().equals(EMBEDDED)) {
            return IdxDataSets.embeddedMnist();
        }
        return IdxDataSets.readFolder(existing(workspace, collaborator, dataPath));
    }

    private static LocalData csv(Path workspace, String collaborator, String dataPath, Settings settings, long seed)
            throws IOException {
        OptionalInt shard = ShardSpec.parseShardNumber(dataPath);
        Path file;
        if (shard.isPresent()) {
            file = workspace.resolve(settings.requireString("data_file")).normalize();
            if (!Files.isRegularFile(file)) {
                throw new DataException(settings.path() + ".data_file: no such file: " + file);
            }
        } else {
            file = existing(workspace, collaborator, dataPath);
        }
        List<String> classes = settings.getList("classes").stream().map(String::valueOf).toList();
        LabeledData table = CsvReader.read(file, settings.getString("label_column", "label"), classes,
                settings.getInt("class_count", 0));
        if (shard.isPresent()) {
            table = Sharding.shard(table, shardSpec(shard.getAsInt(), settings, seed));
        }
        double fraction = settings.getDouble("validation_fraction", 0.2);
        if (!(fraction > 0 && fraction < 1)) {
            throw new SettingsException(settings.path() + ".validation_fraction must be between 0 and 1, found "
                    + fraction);
        }
        LocalData local = TabularPrep.split(table, fraction, settings.getLong("split_seed", seed));
        return settings.getBoolean("normalize", true) ? TabularPrep.normalise(local) : local;
    }

    /** Resolves a data path against the workspace; a missing path is an error naming the collaborator. */
    public static Path existing(Path workspace, String collaborator, String dataPath) throws DataException {
        Path p = workspace.resolve(dataPath.strip()).normalize();
        if (!Files.exists(p)) {
            throw new DataException("data path '" + dataPath + "' of collaborator " + collaborator
                    + " (plan/data.yaml) does not exist: " + p);
        }
        return p;
    }

    private static LocalData source(Path workspace, Settings settings) throws IOException {
        String dir = settings.getString("data_dir", null);
        if (dir == null) {
            return IdxDataSets.embeddedMnist();
        }
        Path p = workspace.resolve(dir).normalize();
        if (!Files.isDirectory(p)) {
            throw new DataException(settings.path() + ".data_dir: folder " + p + " does not exist");
        }
        return IdxDataSets.readFolder(p);
    }

    /** The shard spec that the settings give for a shard number. */
    public static ShardSpec shardSpec(int shard, Settings settings, long seed) {
        if (!settings.has("collaborator_count")) {
            throw new SettingsException(settings.path() + ".collaborator_count is required when a data path is a"
                    + " shard number (" + shard + ")");
        }
        int count = settings.getInt("collaborator_count", 1);
        SplitMethod method;
        try {
            method = SplitMethod.fromPlanName(settings.getString("split", SplitMethod.ROUND_ROBIN.planName()));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(settings.path() + ".split: " + e.getMessage());
        }
        double alpha = settings.getDouble("alpha", DEFAULT_ALPHA);
        long splitSeed = settings.getLong("split_seed", seed);
        try {
            return new ShardSpec(shard, count, method, alpha, splitSeed);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(settings.path() + ": " + e.getMessage());
        }
    }
}
