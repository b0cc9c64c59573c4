package org.fl4j.collaborator.data.segmentation;

import java.nio.ByteBuffer;
import org.fl4j.collaborator.data.DataException;

/** The NIfTI-1 data types this reader decodes, with their header codes and sizes. */
enum NiftiType {
    UINT8(2, 1), INT16(4, 2), INT32(8, 4), FLOAT32(16, 4), FLOAT64(64, 8), INT8(256, 1), UINT16(512, 2);

    private final int code;
    private final int bytes;

    NiftiType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    static NiftiType of(int code, String name) throws DataException {
        for (NiftiType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new DataException(name + ": unsupported NIfTI datatype " + code + ": this reader takes uint8 (2),"
                + " int8 (256), int16 (4), uint16 (512), int32 (8), float32 (16), float64 (64)");
    }

    float[] decode(ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (this) {
                case UINT8 -> b.get() & 0xff;
                case INT8 -> b.get();
                case INT16 -> b.getShort();
                case UINT16 -> b.getShort() & 0xffff;
                case INT32 -> b.getInt();
                case FLOAT32 -> b.getFloat();
                case FLOAT64 -> (float) b.getDouble();
            };
        }
        return out;
    }
}
