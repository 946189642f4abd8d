"""Unit conversion used by the matcher."""

from __future__ import annotations

import pytest

from app.extraction.units import compatible, to_base


@pytest.mark.parametrize(
    ("value", "unit", "expected", "base"),
    [
        (2.5, "hour", 150.0, "minute"),
        (2, "day", 2880.0, "minute"),
        (90, "second", 1.5, "minute"),
        (1, "week", 10080.0, "minute"),
        (34.8, "km", 34800.0, "metre"),
        (50, "foot", 15.24, "metre"),
        (1, "mile", 1609.344, "metre"),
        (2, "tonne", 2000.0, "kg"),
        (10, "pound", 4.5359237, "kg"),
        (212, "fahrenheit", 100.0, "celsius"),
        (50, "mph", 80.4672, "kmh"),
        (80, "km/h", 80.0, "kmh"),
        (5, "usd", 5.0, "usd"),
        (33, "hostage", 33.0, "hostage"),
        (40, "square km", 40e6, "metre2"),  # as an API client or a label may write it
        (1, "square mile", 2_589_988.110336, "metre2"),
    ],
)
def test_to_base(value: float, unit: str, expected: float, base: str) -> None:
    got, got_base = to_base(value, unit)
    assert got == pytest.approx(expected)
    assert got_base == base


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("hour", "minute", True), ("day", "week", True), ("year", "month", True),
        ("km", "foot", True), ("mile", "metre", True), ("kg", "pound", True),
        ("usd", "eur", False), ("hour", "km", False), ("hostage", "person", False),
        ("percent", "percentage point", False), ("hostage", "hostage", True),
    ],
)
def test_compatible(a: str, b: str, same: bool) -> None:
    assert compatible(a, b) is same
    assert compatible(b, a) is same
