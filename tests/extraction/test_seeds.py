"""The real articles of ../shared/seeds: the disagreements the dashboard must show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.extraction import Mention, extract

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
PUBLISHED = date(2024, 5, 1)


def _seed(prefix: str) -> list[Mention]:
    files = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.exists() else []
    if not files:
        pytest.skip("shared seeds not available")
    text = files[0].read_text(encoding="utf-8")
    mentions = extract(text, PUBLISHED)
    for m in mentions:
        assert text[m.start:m.end] == m.text
    return mentions


def _figures(mentions: list[Mention]) -> set[tuple[str, str, float | None, str | None]]:
    return {(m.text, m.qualifier, m.value, m.unit) for m in mentions}


def test_seed_meeting_lengths_and_tolls() -> None:
    assert ("over two hours", "more_than", 2, "hour") in _figures(_seed("000"))
    assert ("approximately 2.5 hours", "approximately", 2.5, "hour") in _figures(_seed("002"))
    assert ("two and a half hours", "exact", 2.5, "hour") in _figures(_seed("004"))
    assert ("more than 34,535 Palestinians", "more_than", 34535, "palestinian") in _figures(
        _seed("003"))
    found = _figures(_seed("004"))
    assert ("at least 34,568 people", "at_least", 34568, "person") in found
    assert ("some 250 hostages", "approximately", 250, "hostage") in found


def test_seed_furniture_is_ignored() -> None:
    texts = {m.text for m in _seed("004")}
    assert "2" not in texts  # "2 min read"
    assert not any("2024" in t for t in {m.text for m in _seed("002")})  # "Copyright 2024,"
    assert all(m.start > 20 for m in _seed("000"))  # the leading "date 2024-05-01" marker


def test_seed_dates_resolve_to_the_attack() -> None:
    dates = {m.text: m.date for m in _seed("003") if m.kind == "date"}
    assert dates["Oct. 7"] == "2023-10-07"
    assert dates["Tuesday"] == "2024-04-30"
