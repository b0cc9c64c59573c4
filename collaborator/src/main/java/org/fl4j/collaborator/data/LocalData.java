package org.fl4j.collaborator.data;

import java.util.Objects;

/** A site's local data: the training split and the validation split, with the same sample shape and classes. */
public record LocalData(LabeledData train, LabeledData validation) {

    public LocalData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        if (!java.util.Arrays.equals(train.sampleShape(), validation.sampleShape())) {
            throw new IllegalArgumentException(train.source() + " and " + validation.source()
                    + " have different sample shapes");
        }
        if (train.classCount() != validation.classCount()) {
            int classes = Math.max(train.classCount(), validation.classCount());
            train = train.withClassCount(classes);
            validation = validation.withClassCount(classes);
        }
    }
}
