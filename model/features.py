"""Builds model inputs from events in couponflow's schema, exactly as the Java encoder does.

Both read feature_spec.json; the parity test in functions/score checks that they agree.
"""
import bisect
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def load_spec(path=os.path.join(HERE, "feature_spec.json")):
    with open(path) as f:
        return json.load(f)


def fnv1a32(text):
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


class Encoder:
    def __init__(self, spec):
        self.spec = spec
        self.window = spec["window"]
        self.type_index = {t: i + 1 for i, t in enumerate(spec["event_types"])}
        self.price_bounds = spec["price_boundaries"]
        self.gap_bounds = spec["gap_boundaries_seconds"]
        self.buckets = spec["category_buckets"]

    def category(self, c):
        if c is None:
            return 1
        return 2 + fnv1a32(c) % self.buckets

    def price(self, e):
        amount = e.get("orderValue") if e["type"] == "purchase" else e.get("price")
        if amount is None:
            return 1
        return 2 + bisect.bisect_right(self.price_bounds, float(amount))

    def gap(self, seconds):
        return 2 + bisect.bisect_right(self.gap_bounds, seconds)

    def encode(self, events_newest_first):
        """events: the user's latest events, newest first (as the events table's query returns them)."""
        window = list(reversed(events_newest_first[: self.window]))   # oldest first
        n = len(window)
        types, cats, prices, gaps = ([0] * self.window for _ in range(4))
        for i, e in enumerate(window):
            types[i] = self.type_index[e["type"]]
            cats[i] = self.category(e.get("category"))
            prices[i] = self.price(e)
            gaps[i] = 1 if i == 0 else self.gap((e["ts"] - window[i - 1]["ts"]) / 1000.0)
        return types, cats, prices, gaps, n
