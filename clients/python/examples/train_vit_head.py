"""Trains the LOFF-TA head with PyTorch on a loff stream and prints validation accuracy.

The head follows the paper: Linear(C -> d) + LayerNorm on every cached token, then a small ViT whose
CLS token is the (projected) foundation CLS/global vector, trained with AdamW, a cosine schedule with
warm-up and label smoothing 0.1 on server-side tensor augmentations; validation uses un-augmented
features. Under torchrun each rank reads its own shard (rank/world come from torch.distributed).

    loff demo --home /tmp/demo                       # extracts the embedded dataset once
    loff serve --cache-dir /tmp/demo/cache --address 127.0.0.1:50051 &
    PYTHONPATH=clients/python python3 clients/python/examples/train_vit_head.py --address 127.0.0.1:50051 --dataset openclipart
"""

import argparse
import math
import os
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from loff import FeatureClient  # noqa: E402
from loff.torch_dataset import LoffIterableDataset, distributed_rank_world  # noqa: E402


class TokenViTHead(nn.Module):
    """Projection + LayerNorm on the tokens, then a small pre-norm ViT with the foundation CLS as CLS."""

    def __init__(self, channels, tokens, classes, width=64, depth=2, heads=4, dropout=0.1):
        super().__init__()
        self.project = nn.Sequential(nn.Linear(channels, width), nn.LayerNorm(width))
        self.position = nn.Parameter(torch.zeros(1, tokens + 1, width))
        nn.init.trunc_normal_(self.position, std=0.02)
        layer = nn.TransformerEncoderLayer(width, heads, dim_feedforward=2 * width, dropout=dropout, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth)
        self.norm = nn.LayerNorm(width)
        self.classify = nn.Linear(width, classes)

    def forward(self, tokens, cls):
        x = self.project(torch.cat([cls[:, None, :], tokens], dim=1)) + self.position
        return self.classify(self.norm(self.encoder(x)[:, 0]))


def cosine_with_warmup(step, total, warmup):
    """Learning-rate factor: linear warm-up, then cosine decay to zero."""
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))


def evaluate(model, address, dataset, split, batch_size, pool):
    """Top-1 accuracy on the un-augmented split (read whole by every rank)."""
    model.eval()
    correct = total = 0
    ds = LoffIterableDataset(address, dataset, batch_size=batch_size, split=split, shuffle=False, epochs=1, rank=0, world=1, pool=pool)
    with torch.no_grad():
        for b in DataLoader(ds, batch_size=None):
            correct += (model(b["tokens"], b["cls"]).argmax(1) == b["labels"]).sum().item()
            total += len(b["labels"])
    model.train()
    return correct / max(1, total)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--address", default="127.0.0.1:50051")
    ap.add_argument("--dataset", default="openclipart")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--preset", default="loff-ta", help='server-side augmentation preset ("none" for plain LOFF)')
    ap.add_argument("--pool", type=int, default=2, help="k x k average pooling of the grid on the server (1 = none)")
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--val-split", default="val")
    ap.add_argument("--eval-every", type=int, default=5)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    with FeatureClient(args.address) as client:
        info = client.dataset_info(args.dataset)
    rank, world = distributed_rank_world()
    train_samples = next(s.samples for s in info.splits if s.name == "train")
    per_rank = math.ceil(train_samples / world)
    steps = args.epochs * math.ceil(per_rank / args.batch_size)
    tokens = (info.grid_height // max(1, args.pool)) * (info.grid_width // max(1, args.pool))
    model = TokenViTHead(info.channels, tokens, len(info.label_names), args.width, args.depth, args.heads)
    if world > 1:
        model = nn.parallel.DistributedDataParallel(model)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: cosine_with_warmup(s, steps, max(1, steps // 20)))
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    train = LoffIterableDataset(args.address, args.dataset, batch_size=args.batch_size, epochs=args.epochs, shuffle=True,
                                seed=args.seed, augmentation=None if args.preset == "none" else args.preset, pool=args.pool)
    print(f"{args.dataset}: {train_samples} train samples, grid {info.grid_height}x{info.grid_width}x{info.channels} pooled to {tokens} tokens, "
          f"{len(info.label_names)} classes; rank {rank}/{world}; {steps} steps", flush=True)
    t0 = time.perf_counter()
    epoch, running, seen = 0, 0.0, 0
    for step, b in enumerate(DataLoader(train, batch_size=None)):
        loss = loss_fn(model(b["tokens"], b["cls"]), b["labels"])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        running += loss.item() * len(b["labels"])
        seen += len(b["labels"])
        last_of_epoch = train.last_cursor is not None and train.last_cursor.epoch != epoch
        if last_of_epoch:
            epoch += 1
            line = f"epoch {epoch:3d}  loss {running / seen:.4f}  {seen / (time.perf_counter() - t0):.0f} samples/s"
            if rank == 0 and (epoch % args.eval_every == 0 or epoch == args.epochs):
                line += f"  val acc {evaluate(model, args.address, args.dataset, args.val_split, 256, args.pool):.4f}"
            print(line, flush=True)
            running, seen, t0 = 0.0, 0, time.perf_counter()
    if rank == 0:
        print(f"validation accuracy: {evaluate(model, args.address, args.dataset, args.val_split, 256, args.pool):.4f}")


if __name__ == "__main__":
    main()
