package org.fl4j.collaborator.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.fl4j.collaborator.data.images.ImageFolder;
import org.fl4j.collaborator.data.synthetic.SyntheticHistology;
import org.fl4j.plan.Settings;
import org.fl4j.plan.SettingsException;

/**
 * The image-classification formats of {@link DataLoader}: {@code image_folder} (class sub-folders of images,
 * as Kather's histology sets are distributed) and {@code synthetic_histology} (the SYNTHETIC tiles of
 * {@link SyntheticHistology}, the site being the data path's number). Both split the site's images into
 * training and validation with {@code validation_fraction} (seeded by {@code split_seed}).
 */
final class ImageLoading {

    static final int DEFAULT_IMAGE_SIZE = 32;
    static final int DEFAULT_SAMPLES_PER_CLASS = 60;

    private ImageLoading() {
    }

    static LocalData imageFolder(Path workspace, String collaborator, String dataPath, Settings settings, long seed)
            throws IOException {
        int size = imageSize(settings);
        OptionalInt shard = ShardSpec.parseShardNumber(dataPath);
        LabeledData images;
        if (shard.isPresent()) {
            Path dir = workspace.resolve(settings.requireString("data_dir")).normalize();
            if (!Files.isDirectory(dir)) {
                throw new DataException(settings.path() + ".data_dir: folder " + dir + " does not exist");
            }
            images = Sharding.shard(ImageFolder.read(dir, size), DataLoader.shardSpec(shard.getAsInt(), settings,
                    seed));
        } else {
            images = ImageFolder.read(DataLoader.existing(workspace, collaborator, dataPath), size);
        }
        return split(images, settings, seed);
    }

    static LocalData syntheticHistology(String collaborator, String dataPath, Settings settings, long seed)
            throws IOException {
        OptionalInt site = ShardSpec.parseShardNumber(dataPath);
        if (site.isEmpty() || site.getAsInt() < 1) {
            throw new DataException("data path '" + dataPath + "' of collaborator " + collaborator
                    + " (plan/data.yaml): format synthetic_histology takes the site number (1, 2, ...)");
        }
        int perClass = settings.getInt("samples_per_class", DEFAULT_SAMPLES_PER_CLASS);
        if (perClass < 2) {
            throw new SettingsException(settings.path() + ".samples_per_class must be >= 2, found " + perClass);
        }
        long splitSeed = settings.getLong("split_seed", seed);
        return split(SyntheticHistology.generate(site.getAsInt(), perClass, imageSize(settings), splitSeed),
                settings, seed);
    }

    static int imageSize(Settings settings) {
        int size = settings.getInt("image_size", DEFAULT_IMAGE_SIZE);
        if (size < 4 || size > 1024) {
            throw new SettingsException(settings.path() + ".image_size must be between 4 and 1024, found " + size);
        }
        return size;
    }

    static LocalData split(LabeledData data, Settings settings, long seed) throws DataException {
        double fraction = settings.getDouble("validation_fraction", 0.2);
        if (!(fraction > 0 && fraction < 1)) {
            throw new SettingsException(settings.path() + ".validation_fraction must be between 0 and 1, found "
                    + fraction);
        }
        return TabularPrep.split(data, fraction, settings.getLong("split_seed", seed));
    }
}
