"""Receives one StreamBatches stream with the loff Python client and prints {"seconds", "samples", "bytes"} as JSON.

Used by bench/python-vs-ts.ts; time is measured from the request to the last batch (interpreter start-up excluded).
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))

from loff import FeatureClient, stream_request  # noqa: E402


def main():
    address, dataset, batch_size, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with FeatureClient(address) as client:
        client.list_datasets()  # connect before the clock starts, as the TypeScript side does
        samples = nbytes = 0
        t0 = time.perf_counter()
        for b in client.stream_batches(stream_request(dataset, batch_size, epochs=epochs, shuffle=True, seed=1)):
            samples += len(b)
            nbytes += b.tokens.nbytes + (b.cls.nbytes if b.cls is not None else 0)
            b.tokens[-1, -1, -1]  # touch the array, as a trainer would
        seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "samples": samples, "bytes": nbytes}))


if __name__ == "__main__":
    main()
