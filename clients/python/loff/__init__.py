"""Python client of loff: stream cached foundation features from `loff serve` into numpy (and PyTorch).

    from loff import FeatureClient, stream_request
    with FeatureClient("127.0.0.1:50051") as client:
        for batch in client.stream_batches(stream_request("openclipart", 64, shuffle=True, augmentation="loff-ta")):
            batch.tokens  # numpy [B, N, C] float16, a view of the received message

The PyTorch dataset lives in `loff.torch_dataset` (imported separately, so numpy users need no torch).
"""

from loff.backoff import Backoff
from loff.batch import Batch, decode_batch
from loff.client import FeatureClient, is_retryable
from loff.options import ClientOptions, Tls
from loff.request import stream_request

__all__ = ["FeatureClient", "stream_request", "Batch", "ClientOptions", "Tls", "Backoff", "decode_batch", "is_retryable"]
