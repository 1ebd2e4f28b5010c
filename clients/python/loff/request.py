"""Builds StreamBatchesRequest messages from plain Python values."""

from __future__ import annotations

from typing import Optional, Tuple, Union

from loff.v1 import augmentation_pb2, feature_service_pb2, tensor_pb2

_DTYPES = {"float16": tensor_pb2.DATA_TYPE_FLOAT16, "float32": tensor_pb2.DATA_TYPE_FLOAT32}
_LAYOUTS = {"tokens": feature_service_pb2.LAYOUT_TOKENS, "grid": feature_service_pb2.LAYOUT_GRID}
_REMAINDERS = {"wrap": feature_service_pb2.REMAINDER_WRAP, "drop": feature_service_pb2.REMAINDER_DROP}

ShardSpec = Union[None, Tuple[int, int], Tuple[int, int, str], feature_service_pb2.Shard]
PolicySpec = Union[None, str, augmentation_pb2.AugmentationPolicy]


def stream_request(
    dataset: str,
    batch_size: int,
    *,
    split: str = "train",
    seed: int = 0,
    epochs: int = 1,
    shuffle: bool = False,
    shard: ShardSpec = None,
    start: Optional[feature_service_pb2.Cursor] = None,
    augmentation: PolicySpec = None,
    dtype: Union[str, int] = "float16",
    layout: Union[str, int] = "tokens",
    include_cls: Optional[bool] = None,
    pool: int = 0,
    drop_last: bool = False,
) -> feature_service_pb2.StreamBatchesRequest:
    """A request; `shard` is (rank, world[, "wrap"|"drop"]), `augmentation` a preset name or a policy."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    req = feature_service_pb2.StreamBatchesRequest(
        dataset=dataset,
        split=split,
        batch_size=batch_size,
        seed=seed,
        epochs=epochs,
        shuffle=shuffle,
        dtype=_DTYPES[dtype] if isinstance(dtype, str) else dtype,
        layout=_LAYOUTS[layout] if isinstance(layout, str) else layout,
        pool=pool,
        drop_last=drop_last,
    )
    if include_cls is not None:
        req.include_cls = include_cls
    if isinstance(shard, feature_service_pb2.Shard):
        req.shard.CopyFrom(shard)
    elif shard is not None:
        rank, world = shard[0], shard[1]
        if not 0 <= rank < max(world, 1):
            raise ValueError(f"rank {rank} is outside world {world}")
        remainder = _REMAINDERS[shard[2]] if len(shard) > 2 else feature_service_pb2.REMAINDER_WRAP  # type: ignore[misc]
        req.shard.CopyFrom(feature_service_pb2.Shard(rank=rank, world=world, remainder=remainder))
    if start is not None:
        req.start.CopyFrom(start)
    if isinstance(augmentation, str):
        req.augmentation.preset = augmentation
    elif augmentation is not None:
        req.augmentation.CopyFrom(augmentation)
    return req
