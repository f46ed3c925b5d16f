"""features.py: the model inputs, exactly as the Java FeatureEncoder builds them (both read
feature_spec.json). Plain Python: needs only pytest."""
import json
import os

import pytest

from features import Encoder, fnv1a32, load_spec

MODEL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEC = load_spec()
ENC = Encoder(SPEC)
T0 = 1_795_867_150_000


def event(type_, ts=T0, **fields):
    return {"eventId": f"e{ts}", "userId": "u", "type": type_, "ts": ts, **fields}


def test_fnv1a32_matchesTheReferenceVectors():
    # FNV-1a 32-bit reference values (Fowler/Noll/Vo test suite)
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C
    assert fnv1a32("foobar") == 0xBF9CF968


def test_fnv1a32_hashesUtf8Bytes():
    # "é" is C3 A9 in UTF-8 (0x1E9DE8C1); hashing the Latin-1 byte E9 would give 0x6C0B6C44
    assert fnv1a32("é") == 0x1E9DE8C1


@pytest.mark.parametrize("position,type_", list(enumerate(SPEC["event_types"])))
def test_type_index_isOnePlusPositionInTheSpec(position, type_):
    types, *_ = ENC.encode([event(type_)])
    assert types[0] == 1 + position
    assert types[1:] == [0] * (ENC.window - 1)


def test_category_missingIsOne_elseTwoPlusHashModBuckets():
    assert ENC.category(None) == 1
    assert ENC.category("shoes") == 2 + fnv1a32("shoes") % SPEC["category_buckets"]
    assert all(2 <= ENC.category(f"c{i}") < 2 + SPEC["category_buckets"] for i in range(500))


@pytest.mark.parametrize("amount,index", [
    (None, 1), (0.0, 2), (4.99, 2), (5, 3), (9.99, 3), (10, 4), (20, 5), (49.9, 5), (50, 6),
    (100, 7), (200, 8), (499, 8), (500, 9), (1_000_000, 9),
])
def test_price_bucket_countsBoundariesAtOrBelow(amount, index):
    fields = {} if amount is None else {"price": amount}
    assert ENC.price(event("view", **fields)) == index


def test_price_ofAPurchaseIsItsOrderValue_ofOthersTheirPrice():
    assert ENC.price(event("purchase", orderValue=120.0, price=3.0)) == 7
    assert ENC.price(event("purchase", price=3.0)) == 1, "a purchase without orderValue has no amount"
    assert ENC.price(event("view", orderValue=120.0)) == 1, "a view's amount is its price"


@pytest.mark.parametrize("seconds,index", [
    (0, 2), (9.999, 2), (10, 3), (59, 3), (60, 4), (300, 5), (1800, 6), (21600, 7), (86399, 7),
    (86400, 8), (604800, 9), (10_000_000, 9),
])
def test_gap_bucket_countsBoundariesAtOrBelow(seconds, index):
    assert ENC.gap(seconds) == index


def test_encode_isOldestFirstRightPaddedWithLength():
    newest_first = [event("purchase", T0 + 70_000, orderValue=30.0), event("view", T0 + 10_000, category="hats"),
                    event("session_start", T0)]
    types, cats, prices, gaps, n = ENC.encode(newest_first)
    assert n == 3
    assert types[:4] == [1, 2, 6, 0]
    assert cats[:4] == [1, ENC.category("hats"), 1, 0]
    assert prices[:4] == [1, 1, 5, 0]
    assert gaps[:4] == [1, 3, 4, 0], "first event: gap unknown; then 10 s and 60 s"
    assert len(types) == len(cats) == len(prices) == len(gaps) == ENC.window


def test_encode_longHistory_keepsTheNewestWindow():
    newest_first = [event("view", T0 - i * 1000, price=float(i)) for i in range(ENC.window + 7)]
    types, cats, prices, gaps, n = ENC.encode(newest_first)
    assert n == ENC.window
    assert prices[-1] == ENC.price(newest_first[0]), "the newest event is last"
    assert prices[0] == ENC.price(newest_first[ENC.window - 1]), "the oldest kept is window-1 back"
    assert gaps[0] == 1


def test_encode_emptyHistory_isAllPadding():
    assert ENC.encode([]) == ([0] * 20, [0] * 20, [0] * 20, [0] * 20, 0)


def test_spec_sizesAgreeWithTheIndexRanges():
    assert len(SPEC["event_types"]) == 8
    assert SPEC["inputs"] == ["types", "categories", "prices", "gaps", "lengths"]
    assert ENC.price(event("view", price=1e9)) == len(SPEC["price_boundaries"]) + 2
    assert ENC.gap(1e12) == len(SPEC["gap_boundaries_seconds"]) + 2


def load_fixtures():
    with open(os.path.join(MODEL_DIR, "fixtures", "parity.json")) as f:
        return json.load(f)


def test_parityFixtures_pythonInputsEqualTheStoredInputs():
    """The Python half of the parity check (EncoderParityTest is the Java half)."""
    fixtures = load_fixtures()
    assert fixtures["spec_version"] == SPEC["version"]
    for case in fixtures["cases"]:
        assert [list(x) if isinstance(x, list) else x for x in ENC.encode(case["events"])] == case["inputs"], case.get("name")


def test_parityFixtures_coverEveryTypePriceBucketGapBucketMissingCategoryAndTheLongestHistory():
    cases = load_fixtures()["cases"]
    inputs = [c["inputs"] for c in cases]
    seen_types = {t for i in inputs for t in i[0][: i[4]]}
    seen_prices = {p for i in inputs for p in i[2][: i[4]]}
    seen_gaps = {g for i in inputs for g in i[3][: i[4]]}
    seen_cats = {c for i in inputs for c in i[1][: i[4]]}
    assert seen_types == set(range(1, len(SPEC["event_types"]) + 1))
    assert seen_prices == set(range(1, len(SPEC["price_boundaries"]) + 3))
    assert seen_gaps == set(range(1, len(SPEC["gap_boundaries_seconds"]) + 3))
    assert 1 in seen_cats, "a missing category"
    assert any(len(c["events"]) > ENC.window for c in cases), "a history longer than the window"
    assert any(c["inputs"][4] == 0 for c in cases), "an empty history"
