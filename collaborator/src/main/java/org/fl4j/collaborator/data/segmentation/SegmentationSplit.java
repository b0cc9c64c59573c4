package org.fl4j.collaborator.data.segmentation;

import java.util.Objects;

/** A site's segmentation data: training and validation images of one shape. */
public record SegmentationSplit(SegmentationData train, SegmentationData validation) {

    public SegmentationSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        if (!java.util.Arrays.equals(train.imageShape(), validation.imageShape())) {
            throw new IllegalArgumentException(train.source() + " and " + validation.source()
                    + " have different image shapes");
        }
    }
}
