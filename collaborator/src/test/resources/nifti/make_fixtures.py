# Writes the NIfTI-1 fixtures of NiftiReaderTest with numpy and struct only (an implementation independent
# of fl4j's reader): python3 make_fixtures.py. Each file's voxel values follow value(x, y, z) below.
import gzip
import struct

import numpy as np


def header(dims, datatype, bitpix, order="<", slope=0.0, inter=0.0, vox_offset=352.0, sizeof_hdr=348):
    h = bytearray(348)
    struct.pack_into(order + "i", h, 0, sizeof_hdr)
    dim = [len(dims)] + list(dims) + [1] * (7 - len(dims))
    struct.pack_into(order + "8h", h, 40, *dim)
    struct.pack_into(order + "h", h, 70, datatype)
    struct.pack_into(order + "h", h, 72, bitpix)
    struct.pack_into(order + "8f", h, 76, 1, 1, 1, 1, 1, 1, 1, 1)
    struct.pack_into(order + "f", h, 108, vox_offset)
    struct.pack_into(order + "f", h, 112, slope)
    struct.pack_into(order + "f", h, 116, inter)
    h[344:348] = b"n+1\0"
    return bytes(h) + b"\0\0\0\0"


def volume(dims):
    # x fastest (Fortran order), value = x + 10 y + 100 z
    x, y, z = np.meshgrid(*[np.arange(d) for d in dims], indexing="ij")
    return x + 10 * y + 100 * z


def body(values, dtype):
    return np.asarray(values, dtype=dtype).flatten(order="F").tobytes()


dims = (4, 3, 2)
v = volume(dims)
with open("int16_scaled.nii", "wb") as f:  # stored (v - 1) / 2 as int16 (odd v rounded down), slope 2, inter 1
    f.write(header(dims, 4, 16, slope=2.0, inter=1.0) + body((v - 1) // 2, "<i2"))
with open("uint8_big_endian.nii", "wb") as f:
    f.write(header(dims, 2, 8, order=">") + body(v, "u1"))
with gzip.open("float32.nii.gz", "wb") as f:
    f.write(header(dims, 16, 32) + body(v * 0.5, "<f4"))
with open("unsupported_rgb24.nii", "wb") as f:
    f.write(header(dims, 128, 24) + bytes(3 * 24))
with open("truncated.nii", "wb") as f:
    f.write(header(dims, 16, 32) + body(v, "<f4")[:50])
with open("bitpix_lies.nii", "wb") as f:  # int16 data announced with bitpix 32
    f.write(header(dims, 4, 32) + body(v, "<i2"))
with open("sizeof_hdr_lies.nii", "wb") as f:
    f.write(header(dims, 2, 8, sizeof_hdr=540) + body(v, "u1"))
