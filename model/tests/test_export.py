"""train.py's export: the ONNX graph it writes, the weights in it, and the parity fixtures it writes.
Needs Debian's python3-torch and python3-onnx (beside pytest)."""
import json
import os
import random

import onnx
import torch

import parity
import train
from features import Encoder, load_spec

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = load_spec()
ENC = Encoder(SPEC)


def seeded_model(seed=3):
    torch.manual_seed(seed)
    model = train.SequenceEncoder(SPEC)
    model.eval()
    return model


def batch(histories):
    cols = [ENC.encode(h) for h in histories]
    return [torch.tensor([c[k] for c in cols], dtype=torch.int64) for k in range(5)]


def test_exportOnnx_writesTheSpecsNamesOpsetAndADynamicBatch(tmp_path):
    path = str(tmp_path / "encoder.onnx")
    histories = [h for _, h in parity.coverage_histories(SPEC)]
    train.export_onnx(seeded_model(), SPEC, path, batch(histories[:2]))

    m = onnx.load(path)
    onnx.checker.check_model(m)
    assert [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")] == [train.ONNX_OPSET]
    assert [i.name for i in m.graph.input] == SPEC["inputs"]
    assert [o.name for o in m.graph.output] == SPEC["outputs"]
    for i in m.graph.input:
        dims = i.type.tensor_type.shape.dim
        assert dims[0].dim_param == "batch", i.name
        assert i.type.tensor_type.elem_type == onnx.TensorProto.INT64
        if i.name != "lengths":
            assert dims[1].dim_value == SPEC["window"], i.name
    assert [n.op_type for n in m.graph.node].count("LSTM") == 1


def test_exportOnnx_roundTrip_theWeightsInTheFileAreTheModels(tmp_path):
    path = str(tmp_path / "encoder.onnx")
    model = seeded_model()
    histories = [h for _, h in parity.coverage_histories(SPEC)] + [[]]
    x = batch(histories)
    train.export_onnx(model, SPEC, path, x)
    rebuilt = parity.model_from_onnx(path, SPEC)
    with torch.no_grad():
        (state, prob), (state2, prob2) = model(*x), rebuilt(*x)
    assert torch.equal(state, state2)
    assert torch.equal(prob, prob2)
    assert torch.count_nonzero(state[-1]) == 0, "an empty history is the zero state"


def test_shippedEncoder_reproducesEveryParityFixture():
    """The Python half of the output parity (EncoderParityTest runs the same file through ONNX Runtime)."""
    with open(os.path.join(MODEL_DIR, "fixtures", "parity.json")) as f:
        cases = json.load(f)["cases"]
    model = parity.model_from_onnx(os.path.join(MODEL_DIR, "encoder.onnx"), SPEC)
    assert parity.largest_difference(model, ENC, cases) <= parity.TOLERANCE


def synthetic_events(users=40, days=9, seed=5):
    """A small shop: each user's visits over `days`, purchases after carts more often than not."""
    rnd = random.Random(seed)
    t0, out, n = 1_700_000_000_000, [], 0
    for u in range(users):
        ts = t0 + rnd.randrange(3_600_000)
        while ts < t0 + days * train.DAY_MS:
            for type_ in rnd.choice([["session_start", "view", "view"], ["session_start", "search", "view", "add_to_cart"],
                                     ["view", "add_to_cart", "purchase"], ["coupon_shown", "view", "coupon_redeemed", "purchase"]]):
                e = {"eventId": f"s{n}", "userId": f"u{u}", "type": type_, "ts": ts, "category": f"c{rnd.randrange(5)}"}
                if type_ == "purchase":
                    e["orderValue"] = round(rnd.uniform(5, 300), 2)
                elif type_ in ("view", "add_to_cart"):
                    e["price"] = round(rnd.uniform(1, 600), 2)
                out.append(e)
                n += 1
                ts += rnd.randrange(5_000, 600_000)
            ts += rnd.randrange(2 * 3_600_000, 30 * 3_600_000)
    return out


def test_trainMain_onASmallShop_writesModelMetricsAndCoveringFixtures(tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(json.dumps(e) for e in synthetic_events()))
    out = tmp_path / "out"
    train.main(["--events", str(events), "--out", str(out), "--epochs", "1"])

    with open(out / "metrics.json") as f:
        metrics = json.load(f)
    assert metrics["onnx_opset"] == train.ONNX_OPSET and metrics["source"] == "events"
    with open(out / "fixtures" / "parity.json") as f:
        fixtures = json.load(f)
    names = [c.get("name") for c in fixtures["cases"]]
    assert names.count(None) == 25, "24 test histories and the empty one"
    assert [n for n in names if n] == [n for n, _ in parity.coverage_histories(SPEC)]
    for c in fixtures["cases"]:
        assert [list(v) if isinstance(v, list) else v for v in ENC.encode(c["events"])] == c["inputs"]
    rebuilt = parity.model_from_onnx(str(out / "encoder.onnx"), SPEC)
    assert parity.largest_difference(rebuilt, ENC, fixtures["cases"]) <= parity.TOLERANCE
