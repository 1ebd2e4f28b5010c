"""Fixtures: real `loff serve` processes on 127.0.0.1:0 over the conformance plan's synthetic cache.

`npm test` passes the cache in LOFF_TEST_CACHE_DIR; run alone, the suite builds one with Node.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "clients" / "python"))

NODE = os.environ.get("LOFF_NODE", "node")
LISTENING = re.compile(rb" on (\S+:\d+)")

#: Shape of the synthetic cache (test/conformance/plan.json).
GRID, CHANNELS, CLASSES, TRAIN, VAL = (4, 4), 8, 4, 40, 8


def synthetic_value(sample_id, position, channel):
    """Token value of the synthetic cache (test/helpers/synthetic-cache.ts), exact in fp16."""
    return ((sample_id * 131 + position * 17 + channel * 7) % 512) / 64 - 4


class LiveServer:
    """A `loff serve` child process; stop() sends SIGTERM (graceful: streams end with UNAVAILABLE)."""

    def __init__(self, cache_dir, *extra_args):
        self.proc = subprocess.Popen(
            [NODE, str(REPO / "bin" / "loff.mjs"), "serve", "--cache-dir", str(cache_dir), "--address", "127.0.0.1:0",
             "--device", "cpu", "--workers", "1", "--log-level", "warn", *extra_args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        seen = b""
        while True:
            line = self.proc.stderr.readline()
            if not line:
                raise RuntimeError(f"loff serve exited before listening: {seen.decode(errors='replace')}")
            seen += line
            m = LISTENING.search(line)
            if m:
                self.address = m.group(1).decode()
                break
        # Keep draining stderr so a chatty server never blocks on a full pipe.
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def cache_dir():
    """The synthetic cache's directory (its folder name is the dataset name)."""
    given = os.environ.get("LOFF_TEST_CACHE_DIR")
    if given:
        yield Path(given)
        return
    parent = tempfile.mkdtemp(prefix="loff-pytest-")
    try:
        out = subprocess.run([NODE, "--import", "tsx", "test/conformance/make-cache.ts", parent], cwd=REPO, check=True,
                             capture_output=True, text=True)
        yield Path(out.stdout.strip())
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session")
def dataset(cache_dir):
    return cache_dir.name


@pytest.fixture(scope="session")
def server(cache_dir):
    """One server shared by the read-only tests."""
    s = LiveServer(cache_dir)
    yield s
    s.stop()


@pytest.fixture
def start_server(cache_dir):
    """Starts extra servers (e.g. to be stopped mid-stream); all are stopped after the test."""
    started = []

    def start(*extra_args):
        s = LiveServer(cache_dir, *extra_args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
