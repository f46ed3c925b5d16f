#!/usr/bin/python3
"""Trains couponflow's sequence encoder and exports it to ONNX.

Input: behaviour events in couponflow's schema (JSON lines, as ingest stores them), or the Taobao
UserBehavior sample converted on the fly (--taobao). Task: will the shopper buy within the next
24 hours, given the last `window` events? The LSTM's final hidden state is the state embedding the
policy uses; the purchase head is the cold-start prior. The split is by time.

Outputs (in --out): encoder.onnx, metrics.json, fixtures/parity.json (for the Java parity test).
Run with the Debian interpreter: /usr/bin/python3 model/train.py --taobao ../shared/data/...csv
It needs Debian's python3-numpy and python3-torch (README, "Model: training and tests"):
    apt-get install -y --no-install-recommends python3-numpy python3-torch    (as root, or with sudo)
"""
import argparse
import csv
import json
import os
import random

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as missing:
    raise SystemExit(f"{missing}. train.py runs on Debian's /usr/bin/python3 with its packages: "
                     "apt-get install -y --no-install-recommends python3-numpy python3-torch") from missing

import parity
from features import Encoder, load_spec

DAY_MS = 86_400_000
ONNX_OPSET = 17
TAOBAO_TYPES = {"pv": "view", "fav": "view", "cart": "add_to_cart", "buy": "purchase"}


def taobao_events(path):
    """Taobao rows -> events in couponflow's schema. The sample has no prices; 'fav' maps to view."""
    with open(path) as f:
        for n, (user, item, cat, behaviour, ts) in enumerate(csv.reader(f)):
            yield {"eventId": f"tb-{n}", "userId": f"tb-{user}", "type": TAOBAO_TYPES[behaviour],
                   "ts": int(ts) * 1000, "itemId": f"i{item}", "category": f"c{cat}"}


def jsonl_events(path):
    with open(path) as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def examples(events, enc, horizon_ms, stride):
    by_user = {}
    for e in events:
        by_user.setdefault(e["userId"], []).append(e)
    end = max(e["ts"] for e in events)
    out = []
    for user, evs in sorted(by_user.items()):
        evs.sort(key=lambda e: (e["ts"], e["eventId"]))
        buys = [e["ts"] for e in evs if e["type"] == "purchase"]
        for i in range(0, len(evs), stride):
            t = evs[i]["ts"]
            if t + horizon_ms > end:
                continue   # label window not fully observed
            label = any(t < b <= t + horizon_ms for b in buys)
            newest_first = list(reversed(evs[max(0, i + 1 - enc.window): i + 1]))
            out.append((t, newest_first, int(label)))
    return out


class SequenceEncoder(nn.Module):
    def __init__(self, spec):
        super().__init__()
        d = spec["embedding_dims"]
        h = spec["hidden"]
        self.types = nn.Embedding(len(spec["event_types"]) + 1, d["type"], padding_idx=0)
        self.cats = nn.Embedding(spec["category_buckets"] + 2, d["category"], padding_idx=0)
        self.prices = nn.Embedding(len(spec["price_boundaries"]) + 3, d["price"], padding_idx=0)
        self.gaps = nn.Embedding(len(spec["gap_boundaries_seconds"]) + 3, d["gap"], padding_idx=0)
        self.lstm = nn.LSTM(d["type"] + d["category"] + d["price"] + d["gap"], h, batch_first=True)
        self.head = nn.Linear(h, 1)

    def forward(self, types, categories, prices, gaps, lengths):
        x = torch.cat([self.types(types), self.cats(categories), self.prices(prices), self.gaps(gaps)], dim=-1)
        out, _ = self.lstm(x)
        # Inputs are right-padded, so the state after the last real event is at lengths-1;
        # an empty history (lengths == 0) gives the zero state.
        idx = (lengths - 1).clamp(min=0).view(-1, 1, 1).expand(-1, 1, out.size(-1))
        state = torch.gather(out, 1, idx).squeeze(1) * (lengths > 0).to(out.dtype).unsqueeze(1)
        purchase_prob = torch.sigmoid(self.head(state)).squeeze(1)
        return state, purchase_prob


def tensors(rows, enc):
    cols = [enc.encode(ev) for _, ev, _ in rows]
    t = [torch.tensor([c[k] for c in cols], dtype=torch.int64) for k in range(5)]
    y = torch.tensor([lab for _, _, lab in rows], dtype=torch.float32)
    return t, y


def auc(scores, labels):
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):          # average ranks over ties
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def count_features(rows, spec):
    """The non-sequential baseline: how often each event type occurs in the same window, and its size."""
    types = spec["event_types"]
    feats = []
    for _, ev, _ in rows:
        counts = [sum(1 for e in ev if e["type"] == t) for t in types]
        feats.append([np.log1p(c) for c in counts] + [np.log1p(len(ev))])
    return torch.tensor(feats, dtype=torch.float32)


def fit_logistic(x, y, epochs=300, l2=1e-3):
    mean, std = x.mean(0), x.std(0) + 1e-6
    w = torch.zeros(x.size(1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=epochs)

    def closure():
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits((x - mean) / std @ w + b, y) + l2 * (w * w).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return lambda z: torch.sigmoid((z - mean) / std @ w + b).detach()


def export_onnx(model, spec, path, sample):
    """Writes the model as ONNX opset 17 with the spec's input and output names and a dynamic batch."""
    model.eval()
    torch.onnx.export(model, tuple(sample), path, opset_version=ONNX_OPSET,
                      input_names=spec["inputs"], output_names=spec["outputs"],
                      dynamic_axes={**{k: {0: "batch"} for k in spec["inputs"]},
                                    **{k: {0: "batch"} for k in spec["outputs"]}})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--events", help="JSON lines in couponflow's event schema")
    src.add_argument("--taobao", help="Taobao UserBehavior CSV (converted to couponflow events)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stride", type=int, default=2, help="use every n-th event of a user as a cut point")
    ap.add_argument("--test-days", type=float, default=2.0, help="the last days (with a full label window) form the test set")
    args = ap.parse_args(argv)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    spec = load_spec()
    enc = Encoder(spec)
    events = list(taobao_events(args.taobao) if args.taobao else jsonl_events(args.events))
    rows = examples(events, enc, DAY_MS, args.stride)
    last_cut = max(t for t, _, _ in rows)
    split = last_cut - args.test_days * DAY_MS
    train_all = [r for r in rows if r[0] + DAY_MS <= split]   # train labels end before the test period
    test = [r for r in rows if r[0] > split]
    # the last day of the training period is held out for early stopping (also by time)
    val_from = split - 2 * DAY_MS
    train = [r for r in train_all if r[0] + DAY_MS <= val_from]
    val = [r for r in train_all if r[0] > val_from]
    print(f"events={len(events)} examples train={len(train)} validation={len(val)} test={len(test)} "
          f"positive rate train={np.mean([r[2] for r in train]):.3f} test={np.mean([r[2] for r in test]):.3f}")

    (xtr, ytr), (xva, yva), (xte, yte) = tensors(train, enc), tensors(val, enc), tensors(test, enc)
    model = SequenceEncoder(spec)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
    best_auc, best_state, best_epoch = -1.0, None, 0
    loss_fn = nn.BCELoss()
    n = len(train)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, 256):
            b = perm[i:i + 256]
            _, p = model(*[x[b] for x in xtr])
            loss = loss_fn(p, ytr[b])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item() * len(b)
        model.eval()
        with torch.no_grad():
            _, pva = model(*xva)
        val_auc = auc(pva.numpy(), yva.numpy())
        print(f"epoch {epoch + 1}: train loss {total / n:.4f}  validation AUC {val_auc:.4f}")
        if val_auc > best_auc:
            best_auc, best_epoch = val_auc, epoch + 1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    print(f"kept epoch {best_epoch} (validation AUC {best_auc:.4f})")

    model.eval()
    with torch.no_grad():
        _, pte = model(*xte)
    lstm_auc = auc(pte.numpy(), yte.numpy())
    baseline = fit_logistic(count_features(train, spec), ytr)
    base_auc = auc(baseline(count_features(test, spec)).numpy(), yte.numpy())
    print(f"test AUC: LSTM encoder {lstm_auc:.4f}  counts logistic regression {base_auc:.4f}")

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "encoder.onnx")
    export_onnx(model, spec, onnx_path, [x[:2] for x in xte])

    # parity fixtures: raw events (newest first) and PyTorch's outputs: test histories, an empty
    # history, and the coverage histories (every type, price and gap bucket, the longest history)
    rng = random.Random(args.seed)
    histories = [(None, ev) for _, ev, _ in rng.sample(test, 24)] + [(None, [])] + parity.coverage_histories(spec)
    parity.write(os.path.join(args.out, "fixtures", "parity.json"), spec,
                 [parity.case(model, enc, name, ev) for name, ev in histories])

    metrics = {
        "spec_version": spec["version"], "seed": args.seed, "epochs": args.epochs, "stride": args.stride,
        "source": "taobao" if args.taobao else "events", "events": len(events),
        "train_examples": len(train), "validation_examples": len(val), "test_examples": len(test),
        "best_epoch": best_epoch, "validation_auc": best_auc,
        "test_positive_rate": float(np.mean([r[2] for r in test])),
        "test_auc_lstm": lstm_auc, "test_auc_counts_logistic": base_auc,
        "split_ts_ms": int(split), "onnx_opset": ONNX_OPSET, "torch": torch.__version__,
    }
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
