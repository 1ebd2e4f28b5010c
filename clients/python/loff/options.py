"""Options of the feature client, with defaults written down once and validated once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from loff.backoff import Backoff


@dataclass(frozen=True)
class Tls:
    """TLS settings; `cert_chain` + `private_key` present a client certificate (mutual TLS)."""

    #: CA that signed the server certificate (PEM bytes); None uses the system roots.
    root_certificates: Optional[bytes] = None
    cert_chain: Optional[bytes] = None
    private_key: Optional[bytes] = None
    #: Name to verify the server certificate against instead of the address host.
    server_name: Optional[str] = None


@dataclass(frozen=True)
class ClientOptions:
    """Everything FeatureClient accepts besides the address."""

    #: Bearer token sent as "authorization: Bearer <token>".
    token: Optional[str] = None
    tls: Optional[Tls] = None
    #: Deadline of unary calls.
    unary_timeout_s: float = 30.0
    #: Consecutive failed attempts (without a batch in between) before a stream gives up.
    max_retries: int = 8
    backoff: Backoff = field(default_factory=Backoff)
    #: Largest message accepted; batches of big grids exceed gRPC's 4 MiB default.
    max_receive_message_bytes: int = 512 * 1024 * 1024
    #: Bytes the client lets the server send ahead on a stream (HTTP/2 flow control); 0 = gRPC's automatic window.
    flow_control_window_bytes: int = 16 * 1024 * 1024
    #: Keepalive ping interval on an open connection (loff servers refuse pings more often than every 10 s).
    keepalive_time_ms: int = 30_000
    keepalive_timeout_ms: int = 20_000

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries}")
        if self.keepalive_time_ms < 10_000:
            raise ValueError("keepalive_time_ms below 10000 is refused by loff servers")
        if self.token is not None and self.token.strip() == "":
            raise ValueError("the token is empty")
        if self.max_receive_message_bytes < 1 or self.flow_control_window_bytes < 0:
            raise ValueError("message and window sizes must be positive")

    def channel_options(self) -> List[Tuple[str, object]]:
        """gRPC core channel arguments for these options."""
        opts: List[Tuple[str, object]] = [
            ("grpc.max_receive_message_length", self.max_receive_message_bytes),
            ("grpc.keepalive_time_ms", self.keepalive_time_ms),
            ("grpc.keepalive_timeout_ms", self.keepalive_timeout_ms),
        ]
        if self.flow_control_window_bytes > 0:
            # gRPC core's per-stream lookahead is the window it advertises beyond what was read.
            opts.append(("grpc.http2.lookahead_bytes", self.flow_control_window_bytes))
        if self.tls is not None and self.tls.server_name is not None:
            opts.append(("grpc.ssl_target_name_override", self.tls.server_name))
        return opts
