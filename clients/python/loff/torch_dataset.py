"""A PyTorch IterableDataset over a loff stream (import this module only where torch is installed).

The server already batches, so use it with `DataLoader(dataset, batch_size=None)`. Sharding follows
torch.distributed when it is initialised, and DataLoader workers split each rank's share further:
worker w of rank r reads shard r * workers + w of world * workers, so every worker gets a disjoint
part of the epoch and the same number of batches.
"""

from __future__ import annotations

from typing import Callable, Dict, Iterator, Optional, Tuple, Union

import numpy as np
import torch
import torch.distributed as dist
from torch.utils.data import IterableDataset, get_worker_info

from loff.batch import Batch
from loff.client import FeatureClient
from loff.options import ClientOptions
from loff.request import PolicySpec, stream_request
from loff.v1 import feature_service_pb2


def distributed_rank_world() -> Tuple[int, int]:
    """(rank, world) of torch.distributed when initialised, else (0, 1)."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def effective_shard(rank: int, world: int, worker: int, workers: int) -> Tuple[int, int]:
    """The shard a DataLoader worker reads: rank-major, so one worker per rank reproduces the rank shard."""
    return rank * workers + worker, world * workers


def batch_to_torch(batch: Batch) -> Dict[str, torch.Tensor]:
    """tokens/cls as float32, labels and sample ids as int64 (one conversion copy: torch wants writable memory)."""
    out = {
        "tokens": torch.from_numpy(batch.tokens.astype(np.float32)),
        "labels": torch.from_numpy(batch.labels.astype(np.int64)),
        "sample_ids": torch.from_numpy(batch.sample_ids.astype(np.int64)),
    }
    if batch.cls is not None:
        out["cls"] = torch.from_numpy(batch.cls.astype(np.float32))
    return out


class LoffIterableDataset(IterableDataset):
    """Batches of one split as dicts {"tokens": [B,N,C], "cls": [B,C], "labels": [B], "sample_ids": [B]} of torch tensors."""

    def __init__(
        self,
        address: Union[str, Callable[[], str]],
        dataset: str,
        *,
        batch_size: int,
        split: str = "train",
        seed: int = 0,
        epochs: int = 1,
        shuffle: bool = True,
        augmentation: PolicySpec = None,
        dtype: str = "float16",
        layout: str = "tokens",
        include_cls: bool = True,
        pool: int = 0,
        drop_last: bool = False,
        rank: Optional[int] = None,
        world: Optional[int] = None,
        start: Optional[feature_service_pb2.Cursor] = None,
        client_options: Optional[ClientOptions] = None,
    ) -> None:
        """rank/world default to torch.distributed's (read when iteration starts, so construct before init_process_group if you like)."""
        super().__init__()
        self.address = address
        self.dataset = dataset
        self.request_fields = dict(
            batch_size=batch_size, split=split, seed=seed, epochs=epochs, shuffle=shuffle, augmentation=augmentation,
            dtype=dtype, layout=layout, include_cls=include_cls, pool=pool, drop_last=drop_last,
        )
        self.rank = rank
        self.world = world
        self.start = start
        self.client_options = client_options
        #: Cursor after the last batch handed out (meaningful with num_workers=0): checkpoint it to resume.
        self.last_cursor: Optional[feature_service_pb2.Cursor] = None

    def shard(self) -> Tuple[int, int]:
        """(rank, world) this iterator reads, including the DataLoader worker split."""
        d_rank, d_world = distributed_rank_world()
        rank = d_rank if self.rank is None else self.rank
        world = d_world if self.world is None else self.world
        info = get_worker_info()
        if info is None:
            return rank, world
        if self.start is not None and info.num_workers > 1:
            raise ValueError("a start cursor belongs to one shard: resume with num_workers <= 1")
        return effective_shard(rank, world, info.id, info.num_workers)

    def __iter__(self) -> Iterator[Dict[str, torch.Tensor]]:
        rank, world = self.shard()
        req = stream_request(self.dataset, shard=(rank, world) if world > 1 else None, start=self.start, **self.request_fields)  # type: ignore[arg-type]
        with FeatureClient(self.address, self.client_options) as client:
            for batch in client.stream_batches(req):
                self.last_cursor = batch.cursor
                yield batch_to_torch(batch)
