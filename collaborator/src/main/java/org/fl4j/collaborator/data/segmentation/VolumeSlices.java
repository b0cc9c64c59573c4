package org.fl4j.collaborator.data.segmentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.fl4j.collaborator.data.DataException;

/**
 * Cuts a subject's NIfTI volumes into 2D slices: the subject folder holds one volume per modality
 * ({@code *_<modality>.nii} or {@code .nii.gz}, as BraTS names them: {@code flair}, {@code t1}, {@code t1ce},
 * {@code t2}) and the mask ({@code *_seg.nii[.gz]}), all of one size. Each modality is normalised over the
 * whole volume and becomes one channel; slices are taken along {@code axis} (0 = x, 1 = y, 2 = z, axial in
 * BraTS), every {@code step}-th, leaving out slices where every image voxel is zero (outside the head).
 */
public record VolumeSlices(List<String> modalities, int axis, int step, Normalization normalization,
        MaskLabels labels, String label) {

    public VolumeSlices {
        modalities = List.copyOf(modalities);
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("at least one modality is needed");
        }
        if (axis < 0 || axis > 2) {
            throw new IllegalArgumentException("slice axis must be 0, 1 or 2, found " + axis);
        }
        if (step < 1) {
            throw new IllegalArgumentException("slice step must be >= 1, found " + step);
        }
    }

    /** The slices of one subject folder. */
    public SegmentationData read(Path subject) throws IOException {
        List<NiftiVolume> channels = new ArrayList<>();
        for (String m : modalities) {
            channels.add(NiftiReader.read(find(subject, m)));
        }
        NiftiVolume seg = NiftiReader.read(find(subject, "seg"));
        for (NiftiVolume v : channels) {
            if (!Arrays.equals(v.dims(), seg.dims())) {
                throw new DataException(seg.source() + ": mask is " + dimsText(seg.dims()) + " but the image "
                        + v.source() + " is " + dimsText(v.dims()));
            }
            normalization.apply(v.values(), 0, v.values().length);
        }
        return slice(subject.getFileName().toString(), channels, seg);
    }

    public SegmentationData slice(String subjectId, List<NiftiVolume> channels, NiftiVolume seg) throws DataException {
        int[] d = seg.dims();
        int u = axis == 0 ? 1 : 0;
        int v = axis == 2 ? 1 : 2;
        int w = d[u];
        int h = d[v];
        int c = channels.size();
        List<float[]> images = new ArrayList<>();
        List<byte[]> masks = new ArrayList<>();
        int[] p = new int[3];
        for (int s = 0; s < d[axis]; s += step) {
            float[] img = new float[c * h * w];
            byte[] mask = new byte[h * w];
            boolean any = false;
            p[axis] = s;
            for (int y = 0; y < h; y++) {
                p[v] = y;
                for (int x = 0; x < w; x++) {
                    p[u] = x;
                    int voxel = (p[2] * d[1] + p[1]) * d[0] + p[0];
                    for (int k = 0; k < c; k++) {
                        float value = channels.get(k).values()[voxel];
                        img[(k * h + y) * w + x] = value;
                        any |= value != 0;
                    }
                    mask[y * w + x] = labels.map(Math.round(seg.values()[voxel]), seg.source(), voxel);
                }
            }
            if (any) {
                images.add(img);
                masks.add(mask);
            }
        }
        float[] allImages = new float[images.size() * c * h * w];
        byte[] allMasks = new byte[masks.size() * h * w];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, allImages, i * c * h * w, c * h * w);
            System.arraycopy(masks.get(i), 0, allMasks, i * h * w, h * w);
        }
        return new SegmentationData(subjectId, c, h, w, allImages, allMasks, label);
    }

    static Path find(Path subject, String suffix) throws IOException {
        List<Path> found;
        try (Stream<Path> s = Files.list(subject)) {
            found = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith("_" + suffix + ".nii") || n.endsWith("_" + suffix + ".nii.gz");
            }).sorted().toList();
        }
        if (found.size() != 1) {
            throw new DataException(subject + ": expected one file *_" + suffix + ".nii or *_" + suffix
                    + ".nii.gz, found " + (found.isEmpty() ? "none" : found));
        }
        return found.get(0);
    }

    private static String dimsText(int[] d) {
        return d[0] + "x" + d[1] + "x" + d[2];
    }
}
