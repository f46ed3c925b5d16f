#!/usr/bin/python3
"""Parity fixtures: event histories with the encoder inputs and outputs that the Java side must
reproduce (functions/onnx EncoderParityTest; model/tests/ check the Python side).

train.py writes them after each export: a sample of its test histories, an empty history, and
coverage_histories(), which reach every event type, every price and gap bucket, a missing and a
non-ASCII category and a history longer than the window. For the shipped model, without retraining:

    /usr/bin/python3 model/parity.py

rebuilds the PyTorch encoder from encoder.onnx's weights (model_from_onnx), checks that it reproduces
the outputs written when the model was trained (within 1e-5), and rewrites the coverage cases with
its outputs. Needs python3-torch and python3-onnx.
"""
import argparse
import json
import os

from features import Encoder, load_spec

HERE = os.path.dirname(os.path.abspath(__file__))
COVERAGE = "coverage-"
TOLERANCE = 1e-5
T0 = 1_700_000_000_000


def _event(n, type_, ts, price=None, category=None):
    e = {"eventId": f"cov-{n}", "userId": "u-coverage", "type": type_, "ts": ts}
    if category is not None:
        e["category"] = category
    if price is not None:
        e["orderValue" if type_ == "purchase" else "price"] = float(price)
    if type_ in ("coupon_shown", "coupon_redeemed"):
        e["couponId"] = "C10"
    if type_ == "search":
        e["query"] = "red shoes"
    return e


def coverage_histories(spec):
    """(name, events newest first) pairs that together reach every index of every input."""
    types = spec["event_types"]
    # one amount per price index: none, then below, at and between each boundary
    amounts = [None, 2.5, 5, 12, 20, 75, 100, 350, 500, 9999]
    categories = [None, "shoes", "Größe-é", "c3607361"]
    mixed, ts = [], T0
    for i in range(spec["window"]):
        ts += 30_000 + 7_000 * i
        mixed.append(_event(i, types[i % len(types)], ts, amounts[i % len(amounts)], categories[i % len(categories)]))

    # one gap per gap index: below, at and just under each boundary (seconds)
    gaps_s = [5, 10, 59, 60, 299, 300, 1799, 1800, 21599, 21600, 86399, 86400, 604799, 604800, 900000]
    spaced, ts = [_event(100, "session_start", T0)], T0
    for i, g in enumerate(gaps_s):
        ts += g * 1000
        spaced.append(_event(101 + i, types[(i + 1) % len(types)], ts, amounts[(i + 3) % len(amounts)], "shoes"))

    longest, ts = [], T0
    for i in range(spec["window"] + 7):
        ts += 45_000
        longest.append(_event(200 + i, types[(3 * i) % len(types)], ts, amounts[(i + 1) % len(amounts)],
                              categories[(i + 2) % len(categories)]))

    bare = [_event(300 + i, t, T0 + i * 20_000) for i, t in enumerate(["session_start", "view", "add_to_cart"])]
    one = [_event(400, "purchase", T0, 64.5, "shoes")]
    return [(COVERAGE + "every-type-and-price", list(reversed(mixed))),
            (COVERAGE + "every-gap", list(reversed(spaced))),
            (COVERAGE + "longer-than-window", list(reversed(longest))),
            (COVERAGE + "no-category-no-amount", list(reversed(bare))),
            (COVERAGE + "one-event", one)]


def case(model, enc, name, newest_first):
    """One fixture: the history, the encoder inputs features.py builds, and the model's outputs."""
    import torch

    inputs = enc.encode(newest_first)
    x = [torch.tensor([v], dtype=torch.int64) for v in inputs[:4]] + [torch.tensor([inputs[4]], dtype=torch.int64)]
    with torch.no_grad():
        state, prob = model(*x)
    out = {"events": newest_first, "inputs": [list(map(int, v)) for v in inputs[:4]] + [int(inputs[4])],
           "state": [float(v) for v in state[0]], "purchase_prob": float(prob[0])}
    if name:
        out = {"name": name, **out}
    return out


def write(path, spec, cases):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"spec_version": spec["version"], "cases": cases}, f)


def model_from_onnx(path, spec):
    """The PyTorch SequenceEncoder holding the weights of an exported encoder.onnx.

    Embeddings and the head keep their names in the export; the LSTM's weights are ONNX's W, R, B
    with the gates in ONNX order (i, o, f, c), which go back to PyTorch's (i, f, g, o).
    """
    import onnx
    import torch
    from onnx import numpy_helper

    from train import SequenceEncoder

    graph = onnx.load(path).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    lstm = next(n for n in graph.node if n.op_type == "LSTM")
    w, r, b = (weights[name][0] for name in lstm.input[1:4])
    h = spec["hidden"]

    def torch_gates(m):
        i, o, f, c = (m[k * h:(k + 1) * h] for k in range(4))
        return torch.cat([i, f, c, o])

    model = SequenceEncoder(spec)
    state = {k: weights[k] for k in ("types.weight", "cats.weight", "prices.weight", "gaps.weight",
                                     "head.weight", "head.bias")}
    state.update({"lstm.weight_ih_l0": torch_gates(w), "lstm.weight_hh_l0": torch_gates(r),
                  "lstm.bias_ih_l0": torch_gates(b[:4 * h]), "lstm.bias_hh_l0": torch_gates(b[4 * h:])})
    model.load_state_dict(state)
    model.eval()
    return model


def largest_difference(model, enc, cases):
    worst = 0.0
    for c in cases:
        again = case(model, enc, None, c["events"])
        worst = max([worst, abs(again["purchase_prob"] - c["purchase_prob"])]
                    + [abs(a - b) for a, b in zip(again["state"], c["state"])])
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(HERE, "encoder.onnx"))
    ap.add_argument("--fixtures", default=os.path.join(HERE, "fixtures", "parity.json"))
    args = ap.parse_args()
    try:
        import onnx  # noqa: F401  (model_from_onnx's)
        import torch  # noqa: F401
    except ImportError as missing:
        raise SystemExit(f"{missing}. parity.py needs Debian's python3-torch and python3-onnx: "
                         "apt-get install -y --no-install-recommends python3-torch python3-onnx") from missing
    spec = load_spec()
    enc = Encoder(spec)
    model = model_from_onnx(args.model, spec)
    with open(args.fixtures) as f:
        trained = [c for c in json.load(f)["cases"] if not c.get("name", "").startswith(COVERAGE)]
    worst = largest_difference(model, enc, trained)
    print(f"{len(trained)} fixtures from training: largest |rebuilt - recorded| = {worst:.3g}")
    if worst > TOLERANCE:
        raise SystemExit(f"the model rebuilt from {args.model} does not reproduce the fixtures written with it")
    cases = trained + [case(model, enc, name, events) for name, events in coverage_histories(spec)]
    write(args.fixtures, spec, cases)
    print(f"wrote {len(cases)} fixtures to {args.fixtures}")


if __name__ == "__main__":
    main()
