"""The Python client of FeatureService.

Unary calls use the generated stub; streams use a decoder that keeps tensors as views of the
received message, and resume from the last cursor with jittered backoff when the server goes away
(UNAVAILABLE, a dropped connection), on the same or another replica.
"""

from __future__ import annotations

import time
from typing import Callable, Iterator, List, Optional, Union

import grpc

from loff.batch import Batch, decode_batch
from loff.options import ClientOptions
from loff.v1 import feature_service_pb2, feature_service_pb2_grpc

_STREAM_METHOD = "/loff.v1.FeatureService/StreamBatches"

#: Called before each resume with (attempt, error, delay in seconds).
RetryHook = Callable[[int, grpc.RpcError, float], None]


def is_retryable(err: grpc.RpcError) -> bool:
    """UNAVAILABLE covers draining servers and dropped connections; a reset stream surfaces as INTERNAL."""
    code = err.code() if hasattr(err, "code") else None
    if code == grpc.StatusCode.UNAVAILABLE:
        return True
    details = (err.details() if hasattr(err, "details") else "") or ""
    return code == grpc.StatusCode.INTERNAL and ("RST_STREAM" in details or "Connection dropped" in details)


class FeatureClient:
    """A FeatureService client over one gRPC channel (connects lazily); use as a context manager."""

    def __init__(self, address: Union[str, Callable[[], str]], options: Optional[ClientOptions] = None, **kwargs: object) -> None:
        """`address` is host:port, or a function asked again before every reconnect; kwargs are ClientOptions fields."""
        if options is not None and kwargs:
            raise TypeError("pass either options or keyword options, not both")
        self.options = options if options is not None else ClientOptions(**kwargs)  # type: ignore[arg-type]
        self._address_of = address if callable(address) else (lambda: address)
        self._channel: Optional[grpc.Channel] = None
        self._channel_address = ""
        self._closed = False
        self._metadata = (("authorization", f"Bearer {self.options.token}"),) if self.options.token else ()

    def _open(self) -> grpc.Channel:
        if self._closed:
            raise RuntimeError("the feature client is closed")
        address = self._address_of()
        if self._channel is None or address != self._channel_address:
            if self._channel is not None:
                self._channel.close()
            o = self.options
            if o.tls is None:
                self._channel = grpc.insecure_channel(address, options=o.channel_options())
            else:
                creds = grpc.ssl_channel_credentials(o.tls.root_certificates, o.tls.private_key, o.tls.cert_chain)
                self._channel = grpc.secure_channel(address, creds, options=o.channel_options())
            self._channel_address = address
        return self._channel

    def list_datasets(self) -> List[feature_service_pb2.DatasetSummary]:
        """The datasets the server serves, sorted by name."""
        stub = feature_service_pb2_grpc.FeatureServiceStub(self._open())
        res = stub.ListDatasets(feature_service_pb2.ListDatasetsRequest(), timeout=self.options.unary_timeout_s, metadata=self._metadata)
        return list(res.datasets)

    def dataset_info(self, dataset: str) -> feature_service_pb2.DatasetInfo:
        """Manifest, shapes, label names, statistics and presets of one dataset."""
        stub = feature_service_pb2_grpc.FeatureServiceStub(self._open())
        req = feature_service_pb2.GetDatasetInfoRequest(dataset=dataset)
        return stub.GetDatasetInfo(req, timeout=self.options.unary_timeout_s, metadata=self._metadata).info

    def stream_batches(
        self,
        request: feature_service_pb2.StreamBatchesRequest,
        *,
        on_retry: Optional[RetryHook] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Iterator[Batch]:
        """Yields the batches of `request` (see loff.stream_request), resuming transparently after UNAVAILABLE."""
        req = feature_service_pb2.StreamBatchesRequest()
        req.CopyFrom(request)
        attempt = 0
        while True:
            call = self._open().unary_stream(
                _STREAM_METHOD,
                request_serializer=feature_service_pb2.StreamBatchesRequest.SerializeToString,
                response_deserializer=decode_batch,
            )(req, metadata=self._metadata)
            try:
                for batch in call:
                    attempt = 0
                    req.start.CopyFrom(batch.cursor)
                    yield batch
                return
            except grpc.RpcError as err:
                if not is_retryable(err) or attempt >= self.options.max_retries:
                    raise
                attempt += 1
                delay = self.options.backoff.delay(attempt)
                if on_retry is not None:
                    on_retry(attempt, err, delay)
                sleep(delay)
            finally:
                call.cancel()  # no-op once the call ended; frees it when the consumer stopped early

    def close(self) -> None:
        """Closes the channel; streams still open fail with CANCELLED."""
        self._closed = True
        if self._channel is not None:
            self._channel.close()
            self._channel = None

    def __enter__(self) -> "FeatureClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
