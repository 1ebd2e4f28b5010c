from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AugmentationOp(_message.Message):
    __slots__ = ["brightness_contrast", "gaussian_noise", "horizontal_flip", "random_resized_crop", "token_dropout", "translate", "trivial_augment", "vertical_flip"]
    BRIGHTNESS_CONTRAST_FIELD_NUMBER: _ClassVar[int]
    GAUSSIAN_NOISE_FIELD_NUMBER: _ClassVar[int]
    HORIZONTAL_FLIP_FIELD_NUMBER: _ClassVar[int]
    RANDOM_RESIZED_CROP_FIELD_NUMBER: _ClassVar[int]
    TOKEN_DROPOUT_FIELD_NUMBER: _ClassVar[int]
    TRANSLATE_FIELD_NUMBER: _ClassVar[int]
    TRIVIAL_AUGMENT_FIELD_NUMBER: _ClassVar[int]
    VERTICAL_FLIP_FIELD_NUMBER: _ClassVar[int]
    brightness_contrast: BrightnessContrast
    gaussian_noise: GaussianNoise
    horizontal_flip: HorizontalFlip
    random_resized_crop: RandomResizedCrop
    token_dropout: TokenDropout
    translate: Translate
    trivial_augment: TrivialAugment
    vertical_flip: VerticalFlip
    def __init__(self, horizontal_flip: _Optional[_Union[HorizontalFlip, _Mapping]] = ..., vertical_flip: _Optional[_Union[VerticalFlip, _Mapping]] = ..., random_resized_crop: _Optional[_Union[RandomResizedCrop, _Mapping]] = ..., gaussian_noise: _Optional[_Union[GaussianNoise, _Mapping]] = ..., translate: _Optional[_Union[Translate, _Mapping]] = ..., brightness_contrast: _Optional[_Union[BrightnessContrast, _Mapping]] = ..., token_dropout: _Optional[_Union[TokenDropout, _Mapping]] = ..., trivial_augment: _Optional[_Union[TrivialAugment, _Mapping]] = ...) -> None: ...

class AugmentationPolicy(_message.Message):
    __slots__ = ["ops", "preset"]
    OPS_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    ops: _containers.RepeatedCompositeFieldContainer[AugmentationOp]
    preset: str
    def __init__(self, preset: _Optional[str] = ..., ops: _Optional[_Iterable[_Union[AugmentationOp, _Mapping]]] = ...) -> None: ...

class BrightnessContrast(_message.Message):
    __slots__ = ["apply_to_cls", "brightness", "contrast", "p"]
    APPLY_TO_CLS_FIELD_NUMBER: _ClassVar[int]
    BRIGHTNESS_FIELD_NUMBER: _ClassVar[int]
    CONTRAST_FIELD_NUMBER: _ClassVar[int]
    P_FIELD_NUMBER: _ClassVar[int]
    apply_to_cls: bool
    brightness: float
    contrast: float
    p: float
    def __init__(self, p: _Optional[float] = ..., brightness: _Optional[float] = ..., contrast: _Optional[float] = ..., apply_to_cls: bool = ...) -> None: ...

class GaussianNoise(_message.Message):
    __slots__ = ["apply_to_cls", "p", "sigma"]
    APPLY_TO_CLS_FIELD_NUMBER: _ClassVar[int]
    P_FIELD_NUMBER: _ClassVar[int]
    SIGMA_FIELD_NUMBER: _ClassVar[int]
    apply_to_cls: bool
    p: float
    sigma: float
    def __init__(self, p: _Optional[float] = ..., sigma: _Optional[float] = ..., apply_to_cls: bool = ...) -> None: ...

class HorizontalFlip(_message.Message):
    __slots__ = ["p"]
    P_FIELD_NUMBER: _ClassVar[int]
    p: float
    def __init__(self, p: _Optional[float] = ...) -> None: ...

class RandomResizedCrop(_message.Message):
    __slots__ = ["log_ratio_max", "log_ratio_min", "p", "scale_max", "scale_min"]
    LOG_RATIO_MAX_FIELD_NUMBER: _ClassVar[int]
    LOG_RATIO_MIN_FIELD_NUMBER: _ClassVar[int]
    P_FIELD_NUMBER: _ClassVar[int]
    SCALE_MAX_FIELD_NUMBER: _ClassVar[int]
    SCALE_MIN_FIELD_NUMBER: _ClassVar[int]
    log_ratio_max: float
    log_ratio_min: float
    p: float
    scale_max: float
    scale_min: float
    def __init__(self, p: _Optional[float] = ..., scale_min: _Optional[float] = ..., scale_max: _Optional[float] = ..., log_ratio_min: _Optional[float] = ..., log_ratio_max: _Optional[float] = ...) -> None: ...

class TokenDropout(_message.Message):
    __slots__ = ["p", "rate"]
    P_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    p: float
    rate: float
    def __init__(self, p: _Optional[float] = ..., rate: _Optional[float] = ...) -> None: ...

class Translate(_message.Message):
    __slots__ = ["max_fraction", "p"]
    MAX_FRACTION_FIELD_NUMBER: _ClassVar[int]
    P_FIELD_NUMBER: _ClassVar[int]
    max_fraction: float
    p: float
    def __init__(self, p: _Optional[float] = ..., max_fraction: _Optional[float] = ...) -> None: ...

class TrivialAugment(_message.Message):
    __slots__ = ["num_magnitude_bins"]
    NUM_MAGNITUDE_BINS_FIELD_NUMBER: _ClassVar[int]
    num_magnitude_bins: int
    def __init__(self, num_magnitude_bins: _Optional[int] = ...) -> None: ...

class VerticalFlip(_message.Message):
    __slots__ = ["p"]
    P_FIELD_NUMBER: _ClassVar[int]
    p: float
    def __init__(self, p: _Optional[float] = ...) -> None: ...
