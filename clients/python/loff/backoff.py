"""Retry delays: exponential with full jitter, so trainers reconnecting to a restarted server spread out."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Backoff:
    """Delay bounds of stream resumption (the same defaults as the TypeScript and Go clients)."""

    initial_s: float = 0.1
    max_s: float = 5.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        if not (self.initial_s > 0 and self.max_s >= self.initial_s and self.multiplier >= 1):
            raise ValueError(f"invalid backoff {self}")

    def delay(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds before retry `attempt` (1-based): uniform in [0, min(max, initial * multiplier^(attempt-1))]."""
        cap = min(self.max_s, self.initial_s * self.multiplier ** max(0, attempt - 1))
        return rand() * cap
