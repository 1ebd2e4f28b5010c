"""Option validation, request building and backoff bounds."""

import pytest

from loff import Backoff, ClientOptions, stream_request
from loff.v1 import feature_service_pb2 as fs
from loff.v1 import tensor_pb2


def test_backoff_is_full_jitter_capped_at_max():
    b = Backoff(initial_s=0.1, max_s=1.0, multiplier=2.0)
    assert b.delay(1, lambda: 1.0) == pytest.approx(0.1)
    assert b.delay(3, lambda: 1.0) == pytest.approx(0.4)
    assert b.delay(30, lambda: 1.0) == pytest.approx(1.0)
    assert b.delay(5, lambda: 0.0) == 0.0
    with pytest.raises(ValueError):
        Backoff(initial_s=1.0, max_s=0.5)


def test_options_are_validated_once():
    with pytest.raises(ValueError, match="keepalive"):
        ClientOptions(keepalive_time_ms=1000)
    with pytest.raises(ValueError, match="token"):
        ClientOptions(token="  ")
    with pytest.raises(ValueError, match="max_retries"):
        ClientOptions(max_retries=-1)
    opts = dict(ClientOptions(flow_control_window_bytes=1 << 20).channel_options())
    assert opts["grpc.max_receive_message_length"] == 512 * 1024 * 1024
    assert opts["grpc.http2.lookahead_bytes"] == 1 << 20


def test_stream_request_maps_plain_values():
    cursor = fs.Cursor(epoch=1, offset=5, fingerprint=9)
    r = stream_request("d", 8, shuffle=True, seed=3, shard=(1, 3, "drop"), augmentation="loff-ta", dtype="float32",
                       layout="grid", include_cls=False, start=cursor, epochs=2)
    assert (r.dataset, r.batch_size, r.seed, r.epochs, r.shuffle) == ("d", 8, 3, 2, True)
    assert (r.shard.rank, r.shard.world, r.shard.remainder) == (1, 3, fs.REMAINDER_DROP)
    assert r.augmentation.preset == "loff-ta" and r.dtype == tensor_pb2.DATA_TYPE_FLOAT32 and r.layout == fs.LAYOUT_GRID
    assert r.HasField("include_cls") and not r.include_cls and r.start == cursor
    assert not stream_request("d", 1).HasField("include_cls")
    with pytest.raises(ValueError):
        stream_request("d", 0)
    with pytest.raises(ValueError):
        stream_request("d", 4, shard=(3, 3))
