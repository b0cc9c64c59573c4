package org.fl4j.collaborator.data.segmentation;

/**
 * A 3D NIfTI-1 volume: {@code dims} = {@code [nx, ny, nz]}, values with {@code scl_slope}/{@code scl_inter}
 * applied, x fastest then y then z (the file's order).
 */
public record NiftiVolume(String source, int[] dims, float[] values, int datatype) {

    public NiftiVolume {
        dims = dims.clone();
        if (dims.length != 3 || (long) dims[0] * dims[1] * dims[2] != values.length) {
            throw new IllegalArgumentException(source + ": " + values.length + " values do not fill dims "
                    + java.util.Arrays.toString(dims));
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public float at(int x, int y, int z) {
        return values[(z * dims[1] + y) * dims[0] + x];
    }
}
