from loff.v1 import augmentation_pb2 as _augmentation_pb2
from loff.v1 import tensor_pb2 as _tensor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
LAYOUT_GRID: Layout
LAYOUT_TOKENS: Layout
LAYOUT_UNSPECIFIED: Layout
REMAINDER_DROP: Remainder
REMAINDER_UNSPECIFIED: Remainder
REMAINDER_WRAP: Remainder

class Cursor(_message.Message):
    __slots__ = ["epoch", "fingerprint", "offset"]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    epoch: int
    fingerprint: int
    offset: int
    def __init__(self, epoch: _Optional[int] = ..., offset: _Optional[int] = ..., fingerprint: _Optional[int] = ...) -> None: ...

class DatasetInfo(_message.Message):
    __slots__ = ["channel_mean", "channel_std", "channels", "created_at", "extraction_pool", "format_version", "grid_height", "grid_width", "label_names", "model", "name", "presets", "size_bytes", "splits", "stored_dtype"]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_MEAN_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_STD_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXTRACTION_POOL_FIELD_NUMBER: _ClassVar[int]
    FORMAT_VERSION_FIELD_NUMBER: _ClassVar[int]
    GRID_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    GRID_WIDTH_FIELD_NUMBER: _ClassVar[int]
    LABEL_NAMES_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRESETS_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SPLITS_FIELD_NUMBER: _ClassVar[int]
    STORED_DTYPE_FIELD_NUMBER: _ClassVar[int]
    channel_mean: _containers.RepeatedScalarFieldContainer[float]
    channel_std: _containers.RepeatedScalarFieldContainer[float]
    channels: int
    created_at: str
    extraction_pool: int
    format_version: int
    grid_height: int
    grid_width: int
    label_names: _containers.RepeatedScalarFieldContainer[str]
    model: ModelProvenance
    name: str
    presets: _containers.RepeatedCompositeFieldContainer[NamedPolicy]
    size_bytes: int
    splits: _containers.RepeatedCompositeFieldContainer[SplitInfo]
    stored_dtype: _tensor_pb2.DataType
    def __init__(self, name: _Optional[str] = ..., format_version: _Optional[int] = ..., grid_height: _Optional[int] = ..., grid_width: _Optional[int] = ..., channels: _Optional[int] = ..., stored_dtype: _Optional[_Union[_tensor_pb2.DataType, str]] = ..., extraction_pool: _Optional[int] = ..., label_names: _Optional[_Iterable[str]] = ..., splits: _Optional[_Iterable[_Union[SplitInfo, _Mapping]]] = ..., channel_mean: _Optional[_Iterable[float]] = ..., channel_std: _Optional[_Iterable[float]] = ..., model: _Optional[_Union[ModelProvenance, _Mapping]] = ..., size_bytes: _Optional[int] = ..., created_at: _Optional[str] = ..., presets: _Optional[_Iterable[_Union[NamedPolicy, _Mapping]]] = ...) -> None: ...

class DatasetSummary(_message.Message):
    __slots__ = ["channels", "grid_height", "grid_width", "name", "num_classes", "samples"]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GRID_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    GRID_WIDTH_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NUM_CLASSES_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    channels: int
    grid_height: int
    grid_width: int
    name: str
    num_classes: int
    samples: int
    def __init__(self, name: _Optional[str] = ..., samples: _Optional[int] = ..., grid_height: _Optional[int] = ..., grid_width: _Optional[int] = ..., channels: _Optional[int] = ..., num_classes: _Optional[int] = ...) -> None: ...

class GetDatasetInfoRequest(_message.Message):
    __slots__ = ["dataset"]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    dataset: str
    def __init__(self, dataset: _Optional[str] = ...) -> None: ...

class GetDatasetInfoResponse(_message.Message):
    __slots__ = ["info"]
    INFO_FIELD_NUMBER: _ClassVar[int]
    info: DatasetInfo
    def __init__(self, info: _Optional[_Union[DatasetInfo, _Mapping]] = ...) -> None: ...

class ListDatasetsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListDatasetsResponse(_message.Message):
    __slots__ = ["datasets"]
    DATASETS_FIELD_NUMBER: _ClassVar[int]
    datasets: _containers.RepeatedCompositeFieldContainer[DatasetSummary]
    def __init__(self, datasets: _Optional[_Iterable[_Union[DatasetSummary, _Mapping]]] = ...) -> None: ...

class ModelProvenance(_message.Message):
    __slots__ = ["family", "input_height", "input_layout", "input_width", "onnx_sha256", "output_node", "pixel_mean", "pixel_std", "preset", "resampler", "resize", "resize_shorter"]
    FAMILY_FIELD_NUMBER: _ClassVar[int]
    INPUT_HEIGHT_FIELD_NUMBER: _ClassVar[int]
    INPUT_LAYOUT_FIELD_NUMBER: _ClassVar[int]
    INPUT_WIDTH_FIELD_NUMBER: _ClassVar[int]
    ONNX_SHA256_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_NODE_FIELD_NUMBER: _ClassVar[int]
    PIXEL_MEAN_FIELD_NUMBER: _ClassVar[int]
    PIXEL_STD_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    RESAMPLER_FIELD_NUMBER: _ClassVar[int]
    RESIZE_FIELD_NUMBER: _ClassVar[int]
    RESIZE_SHORTER_FIELD_NUMBER: _ClassVar[int]
    family: str
    input_height: int
    input_layout: str
    input_width: int
    onnx_sha256: str
    output_node: str
    pixel_mean: _containers.RepeatedScalarFieldContainer[float]
    pixel_std: _containers.RepeatedScalarFieldContainer[float]
    preset: str
    resampler: str
    resize: str
    resize_shorter: int
    def __init__(self, preset: _Optional[str] = ..., family: _Optional[str] = ..., onnx_sha256: _Optional[str] = ..., input_height: _Optional[int] = ..., input_width: _Optional[int] = ..., resize: _Optional[str] = ..., pixel_mean: _Optional[_Iterable[float]] = ..., pixel_std: _Optional[_Iterable[float]] = ..., output_node: _Optional[str] = ..., resize_shorter: _Optional[int] = ..., input_layout: _Optional[str] = ..., resampler: _Optional[str] = ...) -> None: ...

class NamedPolicy(_message.Message):
    __slots__ = ["name", "policy"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    name: str
    policy: _augmentation_pb2.AugmentationPolicy
    def __init__(self, name: _Optional[str] = ..., policy: _Optional[_Union[_augmentation_pb2.AugmentationPolicy, _Mapping]] = ...) -> None: ...

class Shard(_message.Message):
    __slots__ = ["rank", "remainder", "world"]
    RANK_FIELD_NUMBER: _ClassVar[int]
    REMAINDER_FIELD_NUMBER: _ClassVar[int]
    WORLD_FIELD_NUMBER: _ClassVar[int]
    rank: int
    remainder: Remainder
    world: int
    def __init__(self, rank: _Optional[int] = ..., world: _Optional[int] = ..., remainder: _Optional[_Union[Remainder, str]] = ...) -> None: ...

class SplitInfo(_message.Message):
    __slots__ = ["class_counts", "name", "samples"]
    CLASS_COUNTS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    class_counts: _containers.RepeatedScalarFieldContainer[int]
    name: str
    samples: int
    def __init__(self, name: _Optional[str] = ..., samples: _Optional[int] = ..., class_counts: _Optional[_Iterable[int]] = ...) -> None: ...

class StreamBatchesRequest(_message.Message):
    __slots__ = ["augmentation", "batch_size", "dataset", "drop_last", "dtype", "epochs", "include_cls", "layout", "pool", "seed", "shard", "shuffle", "split", "start"]
    AUGMENTATION_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    DATASET_FIELD_NUMBER: _ClassVar[int]
    DROP_LAST_FIELD_NUMBER: _ClassVar[int]
    DTYPE_FIELD_NUMBER: _ClassVar[int]
    EPOCHS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLS_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    POOL_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    SHARD_FIELD_NUMBER: _ClassVar[int]
    SHUFFLE_FIELD_NUMBER: _ClassVar[int]
    SPLIT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    augmentation: _augmentation_pb2.AugmentationPolicy
    batch_size: int
    dataset: str
    drop_last: bool
    dtype: _tensor_pb2.DataType
    epochs: int
    include_cls: bool
    layout: Layout
    pool: int
    seed: int
    shard: Shard
    shuffle: bool
    split: str
    start: Cursor
    def __init__(self, dataset: _Optional[str] = ..., split: _Optional[str] = ..., batch_size: _Optional[int] = ..., seed: _Optional[int] = ..., epochs: _Optional[int] = ..., shuffle: bool = ..., shard: _Optional[_Union[Shard, _Mapping]] = ..., start: _Optional[_Union[Cursor, _Mapping]] = ..., augmentation: _Optional[_Union[_augmentation_pb2.AugmentationPolicy, _Mapping]] = ..., dtype: _Optional[_Union[_tensor_pb2.DataType, str]] = ..., layout: _Optional[_Union[Layout, str]] = ..., include_cls: bool = ..., pool: _Optional[int] = ..., drop_last: bool = ...) -> None: ...

class StreamBatchesResponse(_message.Message):
    __slots__ = ["batch_index", "cls", "cursor", "epoch", "labels", "sample_ids", "tokens"]
    BATCH_INDEX_FIELD_NUMBER: _ClassVar[int]
    CLS_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    EPOCH_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    SAMPLE_IDS_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    batch_index: int
    cls: _tensor_pb2.Tensor
    cursor: Cursor
    epoch: int
    labels: _containers.RepeatedScalarFieldContainer[int]
    sample_ids: _containers.RepeatedScalarFieldContainer[int]
    tokens: _tensor_pb2.Tensor
    def __init__(self, tokens: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., cls: _Optional[_Union[_tensor_pb2.Tensor, _Mapping]] = ..., labels: _Optional[_Iterable[int]] = ..., sample_ids: _Optional[_Iterable[int]] = ..., cursor: _Optional[_Union[Cursor, _Mapping]] = ..., epoch: _Optional[int] = ..., batch_index: _Optional[int] = ...) -> None: ...

class Layout(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Remainder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
