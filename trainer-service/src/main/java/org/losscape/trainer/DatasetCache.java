package org.losscape.trainer;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.losscape.data.Datasets;
import org.losscape.data.ImageSet;
import org.losscape.data.Split;

/**
 * The data set splits read so far, kept in memory for later runs (all of CIFAR-10 is about
 * 184 MB of bytes). Reading the official archive takes a few seconds, once.
 */
@ApplicationScoped
class DatasetCache {

    private final DataConfig config;
    private final Map<String, ImageSet> loaded = new HashMap<>();

    DatasetCache(DataConfig config) {
        this.config = config;
    }

    /**
     * One split of a known data set.
     *
     * @throws DataUnavailableException if the configured location cannot be read
     */
    synchronized ImageSet get(String dataset, Split split) {
        String key = dataset + "/" + split.id();
        ImageSet images = loaded.get(key);
        if (images == null) {
            images = read(dataset, split);
            loaded.put(key, images);
        }
        return images;
    }

    private ImageSet read(String dataset, Split split) {
        Path location = dataset.equals(Datasets.FASHION_MNIST)
                ? config.fashionMnistLocation()
                : config.location();
        try {
            return Datasets.load(dataset, location, split);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new DataUnavailableException("data set " + dataset + " cannot be read from "
                    + location + " (losscape.data.*): " + e.getMessage(), e);
        }
    }
}
