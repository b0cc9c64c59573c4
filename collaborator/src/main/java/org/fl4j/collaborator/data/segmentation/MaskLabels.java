package org.fl4j.collaborator.data.segmentation;

import java.util.List;
import java.util.Set;
import org.fl4j.collaborator.data.DataException;

/**
 * The values a mask may hold ({@code declared}) and those that count as foreground: BraTS masks hold 0, 1, 2
 * and 4, and the whole tumour is every non-zero value. A value outside the declared ones is an error naming
 * the file and the pixel.
 */
public record MaskLabels(Set<Integer> declared, Set<Integer> foreground) {

    public MaskLabels {
        declared = Set.copyOf(declared);
        foreground = Set.copyOf(foreground);
        if (!declared.containsAll(foreground)) {
            throw new IllegalArgumentException("foreground labels " + foreground + " are not all among the declared"
                    + " mask labels " + declared);
        }
    }

    /** Binary masks: 0 background, 1 foreground. */
    public static MaskLabels binary() {
        return new MaskLabels(Set.of(0, 1), Set.of(1));
    }

    /** Declared labels with every non-zero one as foreground. */
    public static MaskLabels nonZeroForeground(List<Integer> declared) {
        return new MaskLabels(Set.copyOf(declared), Set.copyOf(declared.stream().filter(v -> v != 0).toList()));
    }

    /** Maps one mask value to 1 (foreground) or 0, refusing an undeclared value. */
    byte map(int value, String file, long index) throws DataException {
        if (!declared.contains(value)) {
            throw new DataException(file + ": mask value " + value + " at voxel/pixel " + index + " is not one of the"
                    + " declared mask labels " + new java.util.TreeSet<>(declared)
                    + " (data_loader.settings.mask_labels)");
        }
        return (byte) (foreground.contains(value) ? 1 : 0);
    }
}
