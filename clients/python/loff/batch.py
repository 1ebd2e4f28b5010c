"""A received batch, decoded straight from the wire without copying tensor bytes.

protobuf's generated parser copies every `bytes` field into a new object (a second copy of each
tensor after gRPC's own); this decoder walks the few top-level fields of StreamBatchesResponse
itself and points numpy arrays into the received message (`np.frombuffer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

from loff.v1 import feature_service_pb2, tensor_pb2

#: numpy dtype of each wire DataType (little-endian, as the contract specifies).
NUMPY_DTYPES = {
    tensor_pb2.DATA_TYPE_FLOAT16: np.dtype("<f2"),
    tensor_pb2.DATA_TYPE_FLOAT32: np.dtype("<f4"),
}

_WIRE_VARINT, _WIRE_FIXED64, _WIRE_LEN, _WIRE_FIXED32 = 0, 1, 2, 5


@dataclass(frozen=True)
class Batch:
    """One batch of a stream; `tokens` and `cls` are read-only views of the received message."""

    #: Tokens [B, N, C] or [B, H, W, C] as float16 or float32.
    tokens: np.ndarray
    #: CLS/global vectors [B, C]; None when the request set include_cls=False.
    cls: Optional[np.ndarray]
    #: Class label per sample (int32).
    labels: np.ndarray
    #: Cache id per sample (uint64), stable across servers.
    sample_ids: np.ndarray
    #: Resumes the stream right after this batch.
    cursor: feature_service_pb2.Cursor
    epoch: int
    batch_index: int
    #: Size of the protobuf message in bytes.
    message_bytes: int

    def __len__(self) -> int:
        return int(self.labels.shape[0])


def _varint(buf: bytes, pos: int) -> Tuple[int, int]:
    result = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7
        if shift >= 70:
            raise ValueError("malformed varint")


def _skip(buf: bytes, pos: int, wire: int) -> int:
    if wire == _WIRE_VARINT:
        return _varint(buf, pos)[1]
    if wire == _WIRE_FIXED64:
        return pos + 8
    if wire == _WIRE_FIXED32:
        return pos + 4
    if wire == _WIRE_LEN:
        n, pos = _varint(buf, pos)
        return pos + n
    raise ValueError(f"unsupported wire type {wire}")


def _repeated_varints(buf: bytes, pos: int, wire: int, out: List[int]) -> int:
    """Appends a packed run (wire type 2) or one unpacked element (wire type 0); both are legal."""
    if wire == _WIRE_VARINT:
        v, pos = _varint(buf, pos)
        out.append(v)
        return pos
    n, pos = _varint(buf, pos)
    end = pos + n
    while pos < end:
        v, pos = _varint(buf, pos)
        out.append(v)
    return end


def _tensor(buf: bytes, pos: int, end: int) -> np.ndarray:
    dtype = tensor_pb2.DATA_TYPE_UNSPECIFIED
    shape: List[int] = []
    data_at, data_len = pos, 0
    while pos < end:
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if field == 1 and wire == _WIRE_VARINT:
            dtype, pos = _varint(buf, pos)
        elif field == 2 and wire in (_WIRE_VARINT, _WIRE_LEN):
            pos = _repeated_varints(buf, pos, wire, shape)
        elif field == 3 and wire == _WIRE_LEN:
            data_len, pos = _varint(buf, pos)
            data_at = pos
            pos += data_len
        else:
            pos = _skip(buf, pos, wire)
    np_dtype = NUMPY_DTYPES.get(dtype)
    if np_dtype is None:
        raise ValueError(f"tensor with unknown dtype {dtype}")
    count = int(np.prod(shape, dtype=np.int64)) if shape else 0
    if count * np_dtype.itemsize != data_len:
        raise ValueError(f"tensor shape {shape} does not match {data_len} bytes of {np_dtype}")
    return np.frombuffer(buf, dtype=np_dtype, count=count, offset=data_at).reshape(shape)


def _cursor(buf: bytes, pos: int, end: int) -> feature_service_pb2.Cursor:
    c = feature_service_pb2.Cursor()
    while pos < end:
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if field == 1 and wire == _WIRE_VARINT:
            c.epoch, pos = _varint(buf, pos)
        elif field == 2 and wire == _WIRE_VARINT:
            c.offset, pos = _varint(buf, pos)
        elif field == 3 and wire == _WIRE_FIXED64:
            c.fingerprint = int.from_bytes(buf[pos : pos + 8], "little")
            pos += 8
        else:
            pos = _skip(buf, pos, wire)
    return c


def decode_batch(message: bytes) -> Batch:
    """Decodes a serialized StreamBatchesResponse; tensors are views into `message` (no copy)."""
    buf = message
    pos, end = 0, len(buf)
    tokens: Optional[np.ndarray] = None
    cls: Optional[np.ndarray] = None
    labels: List[int] = []
    ids: List[int] = []
    cursor = feature_service_pb2.Cursor()
    epoch = batch_index = 0
    while pos < end:
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if field in (1, 2, 5) and wire == _WIRE_LEN:
            n, pos = _varint(buf, pos)
            if field == 1:
                tokens = _tensor(buf, pos, pos + n)
            elif field == 2:
                cls = _tensor(buf, pos, pos + n)
            else:
                cursor = _cursor(buf, pos, pos + n)
            pos += n
        elif field == 3 and wire in (_WIRE_VARINT, _WIRE_LEN):
            pos = _repeated_varints(buf, pos, wire, labels)
        elif field == 4 and wire in (_WIRE_VARINT, _WIRE_LEN):
            pos = _repeated_varints(buf, pos, wire, ids)
        elif field == 6 and wire == _WIRE_VARINT:
            epoch, pos = _varint(buf, pos)
        elif field == 7 and wire == _WIRE_VARINT:
            batch_index, pos = _varint(buf, pos)
        else:
            pos = _skip(buf, pos, wire)
    if pos != end:
        raise ValueError("truncated StreamBatchesResponse")
    if tokens is None:
        raise ValueError("batch without tokens")
    # A negative int32 travels as a 10-byte two's complement varint: its low 32 bits are the value.
    label_array = np.array([v & 0xFFFFFFFF for v in labels], dtype=np.uint32).view(np.int32)
    return Batch(
        tokens=tokens,
        cls=cls,
        labels=label_array,
        sample_ids=np.array(ids, dtype=np.uint64),
        cursor=cursor,
        epoch=epoch,
        batch_index=batch_index,
        message_bytes=len(message),
    )
