"""The zero-copy decoder agrees with protobuf's generated parser and points into the message."""

import random

import numpy as np
import pytest

from loff import decode_batch
from loff.v1 import feature_service_pb2 as fs
from loff.v1 import tensor_pb2


def random_response(rng, dtype, with_cls):
    b, n, c = rng.randint(1, 5), rng.randint(1, 6), rng.randint(1, 7)
    np_dtype = np.float16 if dtype == tensor_pb2.DATA_TYPE_FLOAT16 else np.float32
    tokens = np.array([rng.uniform(-8, 8) for _ in range(b * n * c)], dtype=np_dtype).reshape(b, n, c)
    m = fs.StreamBatchesResponse(
        tokens=tensor_pb2.Tensor(dtype=dtype, shape=[b, n, c], data=tokens.tobytes()),
        labels=[rng.randint(-3, 1000) for _ in range(b)],
        sample_ids=[rng.randint(0, 2**64 - 1) for _ in range(b)],
        cursor=fs.Cursor(epoch=rng.randint(0, 9), offset=rng.randint(0, 2**40), fingerprint=rng.randint(1, 2**64 - 1)),
        epoch=rng.randint(0, 9),
        batch_index=rng.randint(0, 300),
    )
    if with_cls:
        m.cls.CopyFrom(tensor_pb2.Tensor(dtype=dtype, shape=[b, c], data=np.arange(b * c, dtype=np_dtype).tobytes()))
    return m, tokens


@pytest.mark.parametrize("seed", range(20))
def test_decoder_matches_protobuf(seed):
    rng = random.Random(seed)
    dtype = rng.choice([tensor_pb2.DATA_TYPE_FLOAT16, tensor_pb2.DATA_TYPE_FLOAT32])
    m, tokens = random_response(rng, dtype, with_cls=seed % 2 == 0)
    raw = m.SerializeToString()
    got = decode_batch(raw)
    want = fs.StreamBatchesResponse.FromString(raw)
    assert got.tokens.shape == tuple(want.tokens.shape)
    assert got.tokens.tobytes() == want.tokens.data
    np.testing.assert_array_equal(got.tokens, tokens)
    assert got.labels.dtype == np.int32 and list(got.labels) == list(want.labels)
    assert got.sample_ids.dtype == np.uint64 and [int(i) for i in got.sample_ids] == list(want.sample_ids)
    assert got.cursor == want.cursor
    assert (got.epoch, got.batch_index, got.message_bytes) == (want.epoch, want.batch_index, len(raw))
    assert (got.cls is None) == (not want.HasField("cls"))
    if got.cls is not None:
        assert got.cls.tobytes() == want.cls.data


def test_tensors_are_views_of_the_message():
    m, _ = random_response(random.Random(1), tensor_pb2.DATA_TYPE_FLOAT32, with_cls=True)
    raw = m.SerializeToString()
    got = decode_batch(raw)
    assert got.tokens.base is raw or got.tokens.base.base is raw  # frombuffer(...).reshape(...) keeps the message alive
    assert not got.tokens.flags.writeable


def test_unpacked_repeated_fields_and_unknown_fields_are_accepted():
    # labels 1 and -2 unpacked (field 3, wire type 0), a sample id, an unknown field 99, then tokens.
    def varint(v):
        out = bytearray()
        while v >= 0x80:
            out.append(v & 0x7F | 0x80)
            v >>= 7
        out.append(v)
        return bytes(out)
    tensor = tensor_pb2.Tensor(dtype=tensor_pb2.DATA_TYPE_FLOAT16, shape=[2, 1], data=np.array([1, 2], np.float16).tobytes())
    tb = tensor.SerializeToString()
    raw = (b"\x18" + varint(1) + b"\x18" + varint(2**64 - 2) + b"\x20" + varint(7)
           + varint(99 << 3 | 2) + varint(3) + b"abc" + b"\x0a" + varint(len(tb)) + tb)
    got = decode_batch(raw)
    want = fs.StreamBatchesResponse.FromString(raw)
    assert list(got.labels) == list(want.labels) == [1, -2]
    assert [int(i) for i in got.sample_ids] == [7]
    assert list(got.tokens.ravel()) == [1.0, 2.0]


def test_malformed_messages_are_refused():
    bad_shape = fs.StreamBatchesResponse(tokens=tensor_pb2.Tensor(dtype=tensor_pb2.DATA_TYPE_FLOAT32, shape=[2, 3], data=b"\0" * 20))
    with pytest.raises(ValueError, match="does not match"):
        decode_batch(bad_shape.SerializeToString())
    with pytest.raises(ValueError, match="without tokens"):
        decode_batch(fs.StreamBatchesResponse(labels=[1]).SerializeToString())
    with pytest.raises(ValueError, match="unknown dtype"):
        decode_batch(fs.StreamBatchesResponse(tokens=tensor_pb2.Tensor(dtype=0, shape=[1], data=b"\0\0")).SerializeToString())
    good = fs.StreamBatchesResponse(tokens=tensor_pb2.Tensor(dtype=1, shape=[4], data=b"\0" * 8)).SerializeToString()
    with pytest.raises((ValueError, IndexError)):
        decode_batch(good[:-3])
