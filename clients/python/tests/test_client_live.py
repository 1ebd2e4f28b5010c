"""The client against a real `loff serve`: unary calls, exact tensor values, cursors, resumption, auth."""

import grpc
import numpy as np
import pytest
from conftest import CHANNELS, CLASSES, GRID, TRAIN, VAL, synthetic_value

from loff import FeatureClient, stream_request
from loff.options import ClientOptions


def test_lists_and_describes_the_dataset(server, dataset):
    with FeatureClient(server.address) as c:
        [summary] = c.list_datasets()
        assert (summary.name, summary.samples, summary.grid_height, summary.grid_width, summary.channels, summary.num_classes) == (
            dataset, TRAIN + VAL, GRID[0], GRID[1], CHANNELS, CLASSES)
        info = c.dataset_info(dataset)
        assert {s.name: s.samples for s in info.splits} == {"train": TRAIN, "val": VAL}
        assert "loff-ta" in [p.name for p in info.presets]
        with pytest.raises(grpc.RpcError) as e:
            c.dataset_info("no-such-dataset")
        assert e.value.code() == grpc.StatusCode.NOT_FOUND


def test_ordered_float32_stream_carries_the_cached_values(server, dataset):
    n = GRID[0] * GRID[1]
    with FeatureClient(server.address) as c:
        batches = list(c.stream_batches(stream_request(dataset, 16, epochs=1, dtype="float32")))
    assert [len(b) for b in batches] == [16, 16, 8]
    assert [b.batch_index for b in batches] == [0, 1, 2]
    ids = np.concatenate([b.sample_ids for b in batches])
    assert list(ids) == list(range(TRAIN))
    assert list(np.concatenate([b.labels for b in batches])) == [i % CLASSES for i in range(TRAIN)]
    b = batches[1]
    assert b.tokens.dtype == np.float32 and b.tokens.shape == (16, n, CHANNELS) and b.cls.shape == (16, CHANNELS)
    want = np.array([[[synthetic_value(int(i), p, ch) for ch in range(CHANNELS)] for p in range(n)] for i in b.sample_ids], np.float32)
    np.testing.assert_array_equal(b.tokens, want)
    np.testing.assert_array_equal(b.cls, [[synthetic_value(int(i), n, ch) for ch in range(CHANNELS)] for i in b.sample_ids])
    assert batches[-1].cursor.epoch == 1 and batches[-1].cursor.offset == 0 and batches[-1].cursor.fingerprint > 0


def test_float16_grid_layout_and_sharding(server, dataset):
    with FeatureClient(server.address) as c:
        shards = [list(c.stream_batches(stream_request(dataset, 4, epochs=1, shuffle=True, seed=5, shard=(r, 4), layout="grid")))
                  for r in range(4)]
    ids = [int(i) for s in shards for b in s for i in b.sample_ids]
    assert sorted(ids) == list(range(TRAIN)), "four shards of 10 cover the split exactly once"
    assert len({len(s) for s in shards}) == 1, "every rank gets the same number of batches"
    t = shards[0][0].tokens
    assert t.dtype == np.float16 and t.shape == (4, GRID[0], GRID[1], CHANNELS)


def test_resuming_from_a_cursor_continues_exactly(server, dataset):
    req = stream_request(dataset, 6, epochs=2, shuffle=True, seed=9, augmentation="loff-ta")
    with FeatureClient(server.address) as c:
        whole = [(b.epoch, list(b.sample_ids), b.tokens.tobytes()) for b in c.stream_batches(req)]
        head = []
        for b in c.stream_batches(req):
            head.append((b.epoch, list(b.sample_ids), b.tokens.tobytes()))
            if len(head) == 5:
                req.start.CopyFrom(b.cursor)
                break
        tail = [(b.epoch, list(b.sample_ids), b.tokens.tobytes()) for b in c.stream_batches(req)]
    assert len(whole) == 14 and head + tail == whole


def test_stream_resumes_on_another_server_after_shutdown_with_token(start_server, dataset, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("s3cret\n")
    first = start_server("--auth-token-file", str(token_file))
    second = start_server("--auth-token-file", str(token_file))
    target = {"address": first.address}
    retries = []
    req = stream_request(dataset, 4, epochs=0, shuffle=True, seed=2)  # endless, so the first server is still streaming
    with FeatureClient(lambda: target["address"], ClientOptions(token="s3cret")) as c:
        got = []
        for b in c.stream_batches(req, on_retry=lambda attempt, err, delay: retries.append(err.code())):
            got.append((b.epoch, list(b.sample_ids)))
            assert len(got) < 1_000_000, "the stream never noticed the shutdown"
            if len(got) == 1:
                target["address"] = second.address
                first.stop()
            if retries and len(got) >= 40:
                break
    assert retries and retries[0] == grpc.StatusCode.UNAVAILABLE
    with FeatureClient(second.address, token="s3cret") as c:
        want = []
        for b in c.stream_batches(req):
            want.append((b.epoch, list(b.sample_ids)))
            if len(want) == len(got):
                break
    assert got == want, "the resumed stream is the uninterrupted stream"

    refused = []
    with FeatureClient(second.address) as c:
        with pytest.raises(grpc.RpcError) as e:
            next(iter(c.stream_batches(req, on_retry=lambda *a: refused.append(a))))
    assert e.value.code() == grpc.StatusCode.UNAUTHENTICATED and refused == [], "a missing token is final, not retried"
