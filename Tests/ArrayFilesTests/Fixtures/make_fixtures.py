#!/usr/bin/env python3
"""Writes the fixture files of ArrayFilesTests next to this script.

Run from anywhere with NumPy installed (`pip install numpy`); `swift test` itself only reads the files written here.
Every array holds values from a formula written below and repeated in Tests/ArrayFilesTests/FixtureValues.swift,
and every value is exactly representable in the element types it is written in (multiples of 1/4 for float16 and
bfloat16), so the tests compare exact values. The script checks that NumPy reads back every file it wrote that
NumPy can read.

Formulas (i is the row, j the column, k the class):
  precision  P[i][j] = (i + 1) / (j + 3), 3 x 4, divided in the file's own precision (float32 or float64)
  quarters   Q[i][j] = (4 i + j) / 4 - 1, 3 x 4, exact in every float type
  labels     L[i]    = (3 i + 1) mod 5, 7 values
  embeddings E[i][j] = ((3 i + 5 j) mod 7 - 3) / 4, 8 x 3 (N = 8, d = 3; no row is all zeros)
  model labels  y[i] = (3 i + 1) mod 4, 8 values (K = 4)
  weights    W[k][j] = ((k + 2 j) mod 5) / 4 - 1/2, 4 x 3 (K x d; no row is all zeros)
"""

import io
import json
import os
import struct
import warnings
import zipfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def precision(dtype):
    rows = np.arange(1, 4, dtype=dtype)[:, None]
    columns = np.arange(3, 7, dtype=dtype)[None, :]
    return rows / columns


def quarters(dtype):
    i, j = np.meshgrid(np.arange(3), np.arange(4), indexing="ij")
    return ((4 * i + j) / 4 - 1).astype(dtype)


def labels(dtype):
    return ((3 * np.arange(7) + 1) % 5).astype(dtype)


def embeddings(dtype):
    i, j = np.meshgrid(np.arange(8), np.arange(3), indexing="ij")
    return (((3 * i + 5 * j) % 7 - 3) / 4).astype(dtype)


def model_labels():
    return ((3 * np.arange(8) + 1) % 4).astype(np.int64)


def weights(dtype):
    k, j = np.meshgrid(np.arange(4), np.arange(3), indexing="ij")
    return (((k + 2 * j) % 5) / 4 - 0.5).astype(dtype)


def save(name, array, version=None, allow_pickle=False):
    with open(path(name), "wb") as file:
        if version is None:
            np.save(file, array, allow_pickle=allow_pickle)
        else:
            np.lib.format.write_array(file, array, version=version, allow_pickle=allow_pickle)


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def hand_npy(header_text, payload, version=(1, 0), alignment=64):
    """A .npy file with a header written by hand (padded with spaces to `alignment`, ending in a newline)."""
    length_size = 2 if version[0] == 1 else 4
    prefix = 6 + 2 + length_size
    encoded = header_text.encode("utf-8" if version[0] == 3 else "latin1")
    padding = -(prefix + len(encoded) + 1) % alignment
    encoded += b" " * padding + b"\n"
    length = struct.pack("<H" if length_size == 2 else "<I", len(encoded))
    return b"\x93NUMPY" + bytes(version) + length + encoded + payload


def write(name, data):
    with open(path(name), "wb") as file:
        file.write(data)


def npy_fixtures():
    save("f32_v1.npy", precision(np.float32))
    save("f64_v2.npy", precision(np.float64), version=(2, 0))
    save("f32_v3.npy", precision(np.float32), version=(3, 0))
    save("f16.npy", quarters(np.float16))
    save("f32_big_endian.npy", precision(np.float32).astype(">f4"))
    save("f64_big_endian_fortran.npy", np.asfortranarray(precision(np.float64).astype(">f8")))
    save("f32_fortran.npy", np.asfortranarray(precision(np.float32)))
    save("f16_specials.npy", np.array([0.0, -0.0, 1.0, -2.5, 65504.0, 2.0**-14, 2.0**-24, 3 * 2.0**-24,
                                       np.inf, -np.inf], dtype=np.float16))
    for kind in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]:
        save(f"labels_{kind}.npy", labels("<" + kind))
    save("labels_i4_big_endian.npy", labels(">i4"))
    save("labels_u8_huge.npy", np.array([1, 2**63 + 1], dtype="<u8"))
    save("labels_f64.npy", labels(np.float64))
    save("labels_column.npy", labels(np.int64)[:, None])
    save("object.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
    save("bool.npy", np.array([True, False]))
    save("unicode.npy", np.array(["abc", "de"]))
    save("bytes.npy", np.array([b"abc"]))
    save("complex.npy", np.array([1 + 2j], dtype=np.complex64))
    save("structured_v3.npy", np.zeros(2, dtype=[("α", "<f4"), ("b", "<i4")]), version=(3, 0))
    save("f32_3d.npy", np.arange(8, dtype=np.float32).reshape(2, 2, 2))
    save("scalar.npy", np.array(2.5))
    save("empty_rows.npy", np.zeros((0, 3), dtype=np.float32))
    truncated = npy_bytes(precision(np.float32))
    write("truncated.npy", truncated[:-4])
    write("twice.npy", truncated + truncated)
    # As older numpy wrote them: the header padded to a multiple of 16, not 64.
    write("f32_align16.npy", hand_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }",
                                      precision(np.float32).tobytes(), alignment=16))
    # Python 2's numpy wrote long integers in the shape with an L suffix; numpy still reads them.
    write("f32_long_shape.npy", hand_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3L, 4L), }",
                                         precision(np.float32).tobytes()))
    save("embeddings.npy", embeddings(np.float32))
    save("model_labels.npy", model_labels())
    save("weights.npy", weights(np.float32))
    save("weights_dxk.npy", weights(np.float32).T.copy())
    save("weights_shard0.npy", weights(np.float32)[:2])
    save("weights_shard1.npy", weights(np.float64)[2:])
    save("weights_square.npy", weights(np.float32)[:3])


def model_arrays(dtype):
    return {"embeddings": embeddings(dtype), "labels": model_labels(), "weights": weights(dtype)}


def zip64_central_npz(name, arrays):
    """An archive whose central directory keeps every size and offset in ZIP64 extra fields (0xFFFFFFFF in the
    32-bit fields) and ends with a ZIP64 end record and locator, as a writer does for members past 4 GiB; the local
    headers carry ZIP64 sizes as numpy writes them. Stored members."""
    out = bytearray()
    central = bytearray()
    for key, array in arrays.items():
        member = (key + ".npy").encode()
        data = npy_bytes(array)
        crc = zlib.crc32(data)
        offset = len(out)
        local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                           len(member), len(local_extra)) + member + local_extra + data
        central_extra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc, 0xFFFFFFFF,
                               0xFFFFFFFF, len(member), len(central_extra), 0, 0, 0, 0, 0xFFFFFFFF)
        central += member + central_extra
    start = len(out)
    out += central
    end64 = len(out)
    count = len(arrays)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(central), start)
    out += struct.pack("<IIQI", 0x07064B50, 0, end64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    write(name, bytes(out))


def npz_fixtures():
    np.savez(path("model_stored.npz"), **model_arrays(np.float32))
    np.savez_compressed(path("model_deflated.npz"), **model_arrays(np.float64))
    zip64_central_npz("model_zip64_central.npz", model_arrays(np.float32))
    np.savez(path("single.npz"), precision(np.float32))
    # 600 doubles deflate to several blocks of a few hundred bytes.
    np.savez_compressed(path("long_deflated.npz"), values=np.arange(600, dtype=np.float64) / 8)
    # A member that is not a .npy file at all, next to a good one, and a member compressed with bzip2.
    with zipfile.ZipFile(path("mixed.npz"), "w") as archive:
        archive.writestr("notes.txt", "not an array")
        archive.writestr("values.npy", npy_bytes(precision(np.float32)))
    with zipfile.ZipFile(path("bzip2.npz"), "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("values.npy", npy_bytes(precision(np.float32)))
    # A member whose stored CRC-32 is wrong: the last byte of the first central directory CRC flipped.
    data = bytearray(open(path("model_stored.npz"), "rb").read())
    first = data.find(b"PK\x01\x02")
    data[first + 19] ^= 0xFF
    write("bad_crc.npz", bytes(data))


def safetensors_bytes(tensors, metadata):
    """A safetensors file as the Rust library writes it for torch: tensors ordered by alignment (8-byte types
    first), then by name; compact JSON with __metadata__ first; the header padded with spaces to a multiple of 8."""
    size = {"F64": 8, "I64": 8, "F32": 4, "I32": 4, "F16": 2, "BF16": 2, "I8": 1, "U8": 1}
    order = sorted(tensors, key=lambda name: (-size[tensors[name][0]], name))
    header = {"__metadata__": metadata}
    payload = b""
    for name in order:
        dtype, shape, data = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(payload), len(payload) + len(data)]}
        payload += data
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    return struct.pack("<Q", len(text)) + text + payload


def bfloat16_bytes(array):
    """bfloat16 is the upper half of a float32; the values here are exact, so cutting is exact."""
    bits = np.asarray(array, dtype="<f4").view("<u4") >> 16
    return bits.astype("<u2").tobytes()


def safetensors_fixtures():
    tensors = {
        "embeddings": ("F32", (8, 3), embeddings("<f4").tobytes()),
        "labels": ("I64", (8,), model_labels().astype("<i8").tobytes()),
        "head.weight": ("F16", (4, 3), weights("<f2").tobytes()),
        "head.weight_bf16": ("BF16", (4, 3), bfloat16_bytes(weights(np.float32))),
        "precision": ("F64", (3, 4), precision(np.float64).astype("<f8").tobytes()),
        "small": ("I8", (3,), np.array([-1, 0, 7], dtype="i1").tobytes()),
    }
    write("torch_style.safetensors", safetensors_bytes(tensors, {"format": "pt"}))
    write("single.safetensors", safetensors_bytes({"w": ("F32", (4, 3), weights("<f4").tobytes())}, {}))


def csv_fixtures():
    e = embeddings(np.float64)
    rows = [",".join(repr(float(value)) for value in row) for row in e]
    write("embeddings_bom_crlf.csv", ("\ufeffx,y,z\r\n" + "\r\n".join(rows) + "\r\n").encode())
    p = precision(np.float64)
    write("precision.csv", ("\n".join(",".join(repr(float(v)) for v in row) for row in p) + "\n\n").encode())
    write("labels.csv", ("label\n" + "\n".join(str(v) for v in model_labels()) + "\n").encode())
    write("ragged.csv", b"1,2,3\n4,5,6\n7,8\n")
    write("not_a_number.csv", b"a,b\n1,2\n3,x4\n")
    write("space_separated.csv", b"1 2 3\n4 5 6\n")


def check():
    """NumPy reads back every file that NumPy can read, with the values of the formulas."""
    assert np.array_equal(np.load(path("f32_align16.npy")), precision(np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "created on Python 2": that is the point of this file
        assert np.array_equal(np.load(path("f32_long_shape.npy")), precision(np.float32))
    assert np.load(path("f64_big_endian_fortran.npy")).flags.f_contiguous
    for name in ["model_stored.npz", "model_zip64_central.npz"]:
        with np.load(path(name)) as archive:
            assert np.array_equal(archive["embeddings"], embeddings(np.float32)), name
            assert np.array_equal(archive["weights"], weights(np.float32)), name
    with np.load(path("model_deflated.npz")) as archive:
        assert np.array_equal(archive["embeddings"], embeddings(np.float64))
    with zipfile.ZipFile(path("model_zip64_central.npz")) as archive:
        assert archive.testzip() is None
    with zipfile.ZipFile(path("model_stored.npz")) as archive:
        local = open(path("model_stored.npz"), "rb").read()[18:26]
        assert local == b"\xff" * 8, "numpy no longer writes ZIP64 local headers"
    with zipfile.ZipFile(path("model_deflated.npz")) as archive:
        assert all(member.compress_type == zipfile.ZIP_DEFLATED for member in archive.infolist())
    try:
        from safetensors import safe_open  # pip install safetensors: optional, checks the hand-written files
    except ImportError:
        return
    with safe_open(path("torch_style.safetensors"), "np") as file:
        assert file.metadata() == {"format": "pt"}
        assert np.array_equal(file.get_tensor("embeddings"), embeddings(np.float32))
        assert np.array_equal(file.get_tensor("head.weight"), weights(np.float16))
        assert np.array_equal(file.get_tensor("labels"), model_labels())


if __name__ == "__main__":
    npy_fixtures()
    npz_fixtures()
    safetensors_fixtures()
    csv_fixtures()
    check()
    print("fixtures written with numpy", np.__version__)
