"""Agreement under interval semantics: open ends, ranges, rounding, units, time."""

from __future__ import annotations

from datetime import datetime

from app.extraction.model import Mention
from app.matching import agreement, summarize
from app.matching.intervals import Interval, interval, rounding_tolerance
from app.matching.model import MentionRecord
from tests.matching.factory import mention


def claim(*figures: tuple[str, str, Mention]) -> list[MentionRecord]:
    """Members from (source, published ISO, mention)."""
    return [
        MentionRecord(i + 1, i + 1, source, datetime.fromisoformat(when), m)
        for i, (source, when, m) in enumerate(figures)
    ]


def toll(figure: str, value: float, qualifier: str = "exact") -> Mention:
    return mention(f"The strikes killed {figure} people.", figure, value, unit="person",
                   qualifier=qualifier)  # type: ignore[arg-type]


def test_open_bounds_meet() -> None:
    a = agreement(claim(
        ("Harbor Ledger", "2024-05-01", toll("more than 34,535", 34535, "more_than")),
        ("Meridian Wire", "2024-05-01", toll("at least 34,568", 34568, "at_least")),
    ))
    assert a.status == "consistent"
    assert (a.common_low, a.common_high) == (34568, None)
    assert "34,568 and ∞ satisfies all 2 sources" in a.explanation


def test_strict_bounds_do_not_touch() -> None:
    a = agreement(claim(
        ("Coastal Times", "2024-05-01", toll("nearly 1 million", 1e6, "nearly")),
        ("Northern Post", "2024-05-01", toll("more than a million", 1e6, "more_than")),
    ))
    assert a.status == "conflicting"
    assert a.common_low is None and a.common_high is None
    assert len(a.disagreeing_sources) == 1
    assert not a.time_ordered  # same day: no update explains it


def test_range_contains_exact() -> None:
    truce = mention("A truce of between 30 and 40 days.", "between 30 and 40 days", 35,
                    unit="day", kind="duration", qualifier="range", low=30, high=40)
    phase = mention("The first 40-day phase.", "40-day", 40, unit="day", kind="duration")
    a = agreement(claim(("A", "2024-05-01", truce), ("B", "2024-05-01", phase)))
    assert a.status == "consistent"


def test_approximation_and_rounding() -> None:
    some = mention("Gunmen took some 250 hostages.", "some 250", 250, unit="hostage",
                   qualifier="approximately")
    exact = mention("Militants abducted 240 Israelis.", "240", 240, unit="israeli")
    a = agreement(claim(("A", "2024-05-01", some), ("B", "2024-05-01", exact)))
    assert a.status == "consistent"
    assert a.common_low == 237.5 and a.common_high == 245
    far = mention("Militants abducted 230 Israelis.", "230", 230, unit="israeli")
    b = agreement(claim(("A", "2024-05-01", some), ("B", "2024-05-01", far)))
    assert b.status == "conflicting"
    assert "237.5–262.5" in b.explanation


def test_rounding_tolerance_rule() -> None:
    assert rounding_tolerance(250) == 5
    assert rounding_tolerance(1170) == 5
    assert rounding_tolerance(1_000_000) == 500_000  # "1 million": 0.5 to 1.5 million
    assert rounding_tolerance(1200) == 50
    assert rounding_tolerance(2_300_000) == 50_000
    assert rounding_tolerance(34568) == 0.5
    assert rounding_tolerance(7) == 0.5
    assert abs(rounding_tolerance(2.5) - 0.05) < 1e-12
    assert abs(rounding_tolerance(42.195) - 0.0005) < 1e-12
    exact = mention("It killed 1,170 people.", "1,170", 1170, unit="person")
    assert interval(exact) == Interval(1165, 1175, high_open=True)
    assert interval(exact, rounding=False) == Interval(1170, 1170)


def test_rounding_intervals_are_half_open() -> None:
    """2.2 and 2.3 million cannot both be right; 27.9% and 28% can."""
    def pct(figure: str, value: float) -> Mention:
        return mention(f"The party won {figure} of the vote.", figure, value, unit="percent",
                       kind="percent")

    def people(figure: str, value: float) -> Mention:
        return mention(f"Gaza has {figure} people.", figure, value, unit="person")

    assert agreement(claim(("A", "2024-05-01", people("2.3 million", 2.3e6)),
                           ("B", "2024-05-01", people("2.2 million", 2.2e6)))
                     ).status == "conflicting"
    assert agreement(claim(("A", "2024-05-01", pct("27.9%", 27.9)),
                           ("B", "2024-05-01", pct("28 percent", 28)))
                     ).status == "consistent"


def test_affine_units_convert() -> None:
    c = mention("It was 11 degrees Celsius.", "11 degrees Celsius", 11, unit="celsius",
                kind="measure")
    f = mention("It was 52 degrees at the start.", "52 degrees", 52, unit="fahrenheit",
                kind="measure")
    a = agreement(claim(("A", "2024-10-13", c), ("B", "2024-10-14", f)))
    assert a.status == "consistent"
    shown = {fig.source: fig.value for fig in a.figures}
    assert shown["A"] == 11 or abs(shown["B"] - 52) < 1e-9


def test_nearly_includes_a_close_exact_figure() -> None:
    a = agreement(claim(
        ("A", "2024-05-01", toll("nearly 1,200", 1200, "nearly")),
        ("B", "2024-05-01", toll("1,170", 1170)),
    ))
    assert a.status == "consistent"


def test_units_convert() -> None:
    minutes = mention("A 150-minute session.", "150-minute", 150, unit="minute",
                      kind="duration")
    hours = mention("They met for 2.5 hours.", "2.5 hours", 2.5, unit="hour", kind="duration")
    over = mention("They met for over two hours.", "over two hours", 2, unit="hour",
                   kind="duration", qualifier="more_than")
    a = agreement(claim(("A", "2024-05-01", minutes), ("B", "2024-05-01", hours),
                        ("C", "2024-05-01", over)))
    assert a.status == "consistent"
    assert a.unit in ("hour", "minute")
    shown = {f.source: f.value for f in a.figures}
    factor = 60 if a.unit == "minute" else 1
    assert shown["B"] == 2.5 * factor


def test_single_source_even_when_repeated() -> None:
    a = agreement(claim(
        ("Harbor Ledger", "2024-05-01", toll("33", 33)),
        ("Harbor Ledger", "2024-05-02", toll("40", 40)),
    ))
    assert a.status == "single_source"
    assert "Harbor Ledger" in a.explanation


def test_growth_over_time_is_flagged() -> None:
    a = agreement(claim(
        ("A", "2024-09-15T08:00:00", toll("at least 37", 37, "at_least")),
        ("B", "2024-09-16T08:00:00", toll("52", 52)),
        ("C", "2024-09-17T08:00:00", toll("61", 61)),
    ))
    assert a.status == "conflicting"
    assert a.time_ordered and a.trend == "rising"
    assert "grew over time" in a.explanation


def test_disagreement_against_time_is_not_an_update() -> None:
    a = agreement(claim(
        ("A", "2024-09-15", toll("61", 61)),
        ("B", "2024-09-16", toll("52", 52)),
        ("C", "2024-09-17", toll("70", 70)),
    ))
    assert a.status == "conflicting" and not a.time_ordered


def test_disagreeing_source_is_the_odd_one_out() -> None:
    a = agreement(claim(
        ("A", "2024-05-01", toll("33", 33)),
        ("B", "2024-05-01", toll("33", 33)),
        ("C", "2024-05-01", toll("40", 40)),
    ))
    assert a.status == "conflicting"
    assert a.disagreeing_sources == ("C",)
    assert a.best_value == 33
    assert [f.agrees for f in a.figures] == [True, True, False]
    assert a.low == 33 and a.high == 40
    assert a.relative_spread is not None and abs(a.relative_spread - 7 / 40) < 1e-9


def test_summary_labels() -> None:
    s = summarize(claim(
        ("A", "2024-05-01", mention("Strikes killed at least 34,568 people in Gaza.",
                                    "at least 34,568", 34568, unit="person",
                                    qualifier="at_least", subject="killed in Gaza")),
        ("B", "2024-05-01", toll("more than 34,535", 34535, "more_than")),
    ))
    assert s.label == "killed in Gaza: at least 34,568"
    assert s.kind == "count"
    r = summarize(claim(("A", "2024-05-01", mention("The deal would see 33 hostages released.",
                                                    "33", 33, unit="hostage"))))
    assert r.label == "hostages released: 33"
    d = summarize(claim(("A", "2024-05-01", mention("They met for about 2.5 hours.",
                                                    "about 2.5 hours", 2.5, unit="hour",
                                                    kind="duration",
                                                    qualifier="approximately"))))
    assert d.label == "meeting: about 2.5 hours"


def test_explanation_names_a_source_that_cannot_hold_with_the_odd_one() -> None:
    over = mention("They met for over two hours.", "over two hours", 2, unit="hour",
                   kind="duration", qualifier="more_than")
    half = mention("They met for about 2.5 hours.", "about 2.5 hours", 2.5, unit="hour",
                   kind="duration", qualifier="approximately")
    three = mention("They met for nearly three hours.", "nearly three hours", 3, unit="hour",
                    kind="duration", qualifier="nearly")
    a = agreement(claim(("A", "2024-05-01", over), ("B", "2024-05-01", half),
                        ("C", "2024-05-01", three), ("D", "2024-05-01", half)))
    assert a.status == "conflicting"
    assert a.disagreeing_sources == ("C",)
    # "over two hours" overlaps "nearly three hours": the explanation names B or D
    assert "outside B's" in a.explanation or "outside D's" in a.explanation


def test_money_and_millions_read_well() -> None:
    from app.matching.display import number, with_unit

    assert number(1_400_000) == "1.4 million"
    assert number(26_400_000_000) == "26.4 billion"
    assert with_unit("at least 9 billion", 9e9, "money", "usd") == "at least $9 billion"
    assert with_unit("30–40", 35, "duration", "day") == "30–40 days"
    assert with_unit("6.4", 6.4, "measure", "magnitude") == "6.4 magnitude"
