"""The Python conformance runner: reads the cases of plan.json with the loff Python client and prints
the same JSON document as the TypeScript and Go runners (test/conformance/records.ts).

    python3 test/conformance/run_python.py --plan test/conformance/plan.json --address 127.0.0.1:50051
"""

import argparse
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

from loff import Batch, FeatureClient, stream_request  # noqa: E402


def to_request(dataset, r):
    """The plan's request (camelCase JSON) as a StreamBatchesRequest."""
    shard = (r["shard"]["rank"], r["shard"]["world"], "wrap") if "shard" in r else None
    return stream_request(
        dataset,
        r["batchSize"],
        split=r.get("split", "train"),
        seed=r.get("seed", 0),
        epochs=r.get("epochs", 0),
        shuffle=r.get("shuffle", False),
        shard=shard,
        augmentation=r.get("augmentation"),
        dtype=r.get("dtype", "float16"),
        layout=r.get("layout", "tokens"),
        include_cls=r.get("includeCls"),
        drop_last=r.get("dropLast", False),
    )


def row_hashes(array, rows):
    """sha256 of each sample's bytes; rows of a C-contiguous view are hashed without a copy."""
    flat = array.reshape(rows, -1)
    return [hashlib.sha256(memoryview(flat[i])).hexdigest() for i in range(rows)]


def record(b: Batch):
    """A received batch as a conformance record."""
    n = len(b)
    tokens = row_hashes(b.tokens, n)
    cls = row_hashes(b.cls, n) if b.cls is not None else None
    return {
        "epoch": b.epoch,
        "batchIndex": b.batch_index,
        "cursor": {"epoch": b.cursor.epoch, "offset": str(b.cursor.offset), "fingerprint": str(b.cursor.fingerprint)},
        "dtype": b.tokens.dtype.name,
        "shape": list(b.tokens.shape),
        "samples": [
            {"id": str(int(b.sample_ids[i])), "label": int(b.labels[i]), "tokens": tokens[i], "cls": cls[i] if cls else None}
            for i in range(n)
        ],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plan", required=True)
    ap.add_argument("--address", required=True)
    args = ap.parse_args()
    with open(args.plan) as f:
        plan = json.load(f)
    cases = {}
    with FeatureClient(args.address) as client:
        for c in plan["cases"]:
            req = to_request(plan["dataset"], c["request"])
            out = []
            cursor = None
            limit = c.get("resumeAfter")
            for b in client.stream_batches(req):
                out.append(record(b))
                cursor = b.cursor
                if limit is not None and len(out) == limit:
                    break
            if limit is not None and cursor is not None:
                req.start.CopyFrom(cursor)
                out.extend(record(b) for b in client.stream_batches(req))
            cases[c["name"]] = out
    json.dump({"language": "python", "cases": cases}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
