"""The PyTorch dataset (the one test module importing torch: its import is slow)."""

import json
import numpy as np
import torch
from conftest import CHANNELS, GRID, TRAIN
from torch.utils.data import DataLoader

from loff import FeatureClient, stream_request
from loff.torch_dataset import LoffIterableDataset, distributed_rank_world, effective_shard


def test_worker_shards_are_disjoint_and_cover_every_rank_worker_pair():
    world, workers = 3, 2
    got = sorted(effective_shard(r, world, w, workers) for r in range(world) for w in range(workers))
    assert got == [(i, world * workers) for i in range(world * workers)]
    assert effective_shard(2, 3, 0, 1) == (2, 3), "one worker reads exactly the rank's shard"


def test_dataset_yields_float32_batches_of_the_rank_shard(server, dataset):
    assert distributed_rank_world() == (0, 1)
    ds = LoffIterableDataset(server.address, dataset, batch_size=5, shuffle=True, seed=4, rank=1, world=3, augmentation="loff-ta")
    batches = list(DataLoader(ds, batch_size=None))
    with FeatureClient(server.address) as c:
        want = list(c.stream_batches(stream_request(dataset, 5, epochs=1, shuffle=True, seed=4, shard=(1, 3), augmentation="loff-ta")))
    assert [b["labels"].tolist() for b in batches] == [w.labels.tolist() for w in want]
    n = GRID[0] * GRID[1]
    for got, w in zip(batches, want):
        assert got["tokens"].dtype == torch.float32 and got["tokens"].shape == (len(w), n, CHANNELS)
        assert got["labels"].dtype == torch.int64 and got["cls"].shape == (len(w), CHANNELS)
        np.testing.assert_array_equal(got["tokens"].numpy(), w.tokens.astype(np.float32))
    assert sum(len(b["labels"]) for b in batches) == (TRAIN + 2) // 3
    assert ds.last_cursor == want[-1].cursor


def _rank_main(rank, store, address, dataset, out_dir):
    torch.distributed.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=2)
    try:
        ds = LoffIterableDataset(address, dataset, batch_size=8, shuffle=True, seed=1)
        ids = [i for b in DataLoader(ds, batch_size=None) for i in b["sample_ids"].tolist()]
        (out_dir / f"{rank}.json").write_text(json.dumps({"shard": list(ds.shard()), "ids": ids}))
    finally:
        torch.distributed.destroy_process_group()


def test_dataset_takes_rank_and_world_from_torch_distributed(server, dataset, tmp_path):
    torch.multiprocessing.spawn(_rank_main, args=(tmp_path / "store", server.address, dataset, tmp_path), nprocs=2)
    ranks = [json.loads((tmp_path / f"{r}.json").read_text()) for r in range(2)]
    assert [r["shard"] for r in ranks] == [[0, 2], [1, 2]]
    assert len(ranks[0]["ids"]) == len(ranks[1]["ids"]) == TRAIN // 2
    assert sorted(ranks[0]["ids"] + ranks[1]["ids"]) == list(range(TRAIN)), "the two ranks split the epoch"
