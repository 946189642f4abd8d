"""How parallel ingest hands out work: chunks of one publication window each, never two
running at once from windows that could share an index key while another is free."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.ingest.files import Item
from app.ingest.model import ArticleInput
from app.matching.match import time_window, windows_apart
from app.services.parallel import _Planner

DAY0 = datetime(2024, 3, 1, 9, tzinfo=UTC)


def _item(n: int, day: int | None) -> Item:
    published = None if day is None else DAY0 + timedelta(days=day)
    article = ArticleInput(body=f"text {n}", title=f"t{n}", source="s", published_at=published)
    return Item(origin=f"a{n}", article=article)


def _drain(planner: _Planner, running: int) -> list[tuple[int, list[int]]]:
    """Take chunks keeping ``running`` of them busy, finishing the oldest first."""
    out: list[tuple[int, list[int]]] = []
    busy: list[int] = []
    while True:
        while len(busy) < running and (taken := planner.take()) is not None:
            window, chunk = taken
            out.append((window, [seq for seq, _ in chunk]))
            busy.append(window)
        if not busy:
            return out
        planner.done(busy.pop(0))


def test_every_input_goes_out_once_in_chunks_of_one_window() -> None:
    days = [(n * 7) % 90 for n in range(300)]  # out of order, 90 days, 8+ windows
    items = [_item(n, day) for n, day in enumerate(days)]
    failures: list[int] = []
    planner = _Planner(items, size=16, read_ahead=100, failed=lambda s, _: failures.append(s))
    chunks = _drain(planner, running=2)
    seqs = [s for _, chunk in chunks for s in chunk]
    assert sorted(seqs) == list(range(300))
    assert all(len(chunk) <= 16 for _, chunk in chunks)
    for window, chunk in chunks:
        assert {time_window(DAY0 + timedelta(days=days[s])) for s in chunk} == {window}
    assert failures == []


def test_running_chunks_share_no_key_when_the_buffer_allows() -> None:
    # a chronological archive: 60 articles a day for 60 days
    items = [_item(n, n // 60) for n in range(3600)]
    planner = _Planner(items, size=16, read_ahead=2000, failed=lambda s, _: None)
    first = planner.take()
    second = planner.take()
    assert first is not None and second is not None
    assert windows_apart(first[0], second[0])  # two stretches of time at once
    assert first[1][0][0] == 0  # the earliest input goes first
    # serial use never skips ahead: with nothing running, the earliest window goes out
    planner.done(first[0])
    planner.done(second[0])
    third = planner.take()
    assert third is not None and third[1][0][0] == 16


def test_the_parent_holds_at_most_read_ahead_inputs() -> None:
    held: list[int] = []

    class Planner(_Planner):
        def _fill(self) -> None:
            super()._fill()
            held.append(self.count)

    items = (_item(n, n // 60) for n in range(2000))
    _drain(Planner(items, size=16, read_ahead=300, failed=lambda s, _: None), running=2)
    assert max(held) <= 300


def test_unreadable_inputs_fail_in_the_parent_and_undated_ones_are_placed_now() -> None:
    items = [_item(0, 0), Item(origin="bad", error="not UTF-8"), _item(2, None)]
    failures: list[int] = []
    planner = _Planner(items, size=16, read_ahead=10, failed=lambda s, _: failures.append(s))
    windows = dict(_drain(planner, running=1))
    assert failures == [1]
    assert windows[time_window(DAY0)] == [0]
    assert windows[time_window(datetime.now(UTC))] == [2]
