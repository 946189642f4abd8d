"""Ingest into a real database: idempotent, all or nothing per article."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db.models import Article, AuditEvent, Claim, ClaimMembership, Mention, Source
from app.services import articles as articles_service
from app.services.batch import ingest_paths

TEXT_A = """Storm closes mountain pass

Snow blocked the pass for more than 36 hours, the road agency said on Tuesday.
About 1,200 drivers were stranded.
Copyright 2024, Alpine Herald
"""
TEXT_B = """Pass reopens after storm

The pass reopened after 40 hours, the road agency said.
Nearly 1,200 drivers had been stuck in their cars.
CLICK HERE TO READ MORE FROM SUMMIT DAILY
"""


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            model.__name__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Source, Article, Mention, Claim, ClaimMembership)
        }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "nested" / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (folder / "notes.md").write_text("ignored: not an article format", encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        '{"text": "Crews cleared 12 km of road.", "source": "Road Wire", '
        '"url": "https://roadwire.example/1", "published_at": "2024-01-10"}\n',
        encoding="utf-8",
    )
    return folder


def test_folder_ingest_stores_every_article_with_its_figures(engine: Engine, corpus: Path) -> None:
    summary = ingest_paths(engine, [corpus], max_bytes=100_000)
    assert [r.outcome for r in summary.results] == ["stored"] * 3
    with Session(engine) as s:
        sources = set(s.scalars(select(Source.name)))
        assert sources == {"Alpine Herald", "Summit Daily", "Road Wire"}
        assert s.scalar(select(func.count(Mention.id))) and s.scalar(select(func.count(Claim.id)))
        # every mention sits in exactly one claim, and its text is its span of the body
        for mention in s.scalars(select(Mention)):
            assert mention.article.body[mention.start:mention.end] == mention.text
        unplaced = s.scalar(
            select(func.count(Mention.id)).where(~Mention.id.in_(select(ClaimMembership.mention_id)))
        )
        assert unplaced == 0
        assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "ingest")) == 3


def test_ingesting_twice_changes_nothing(engine: Engine, corpus: Path) -> None:
    ingest_paths(engine, [corpus], max_bytes=100_000)
    before = counts(engine)
    again = ingest_paths(engine, [corpus], max_bytes=100_000)
    assert [r.outcome for r in again.results] == ["duplicate"] * 3
    assert counts(engine) == before


def test_same_url_is_the_same_article(engine: Engine, tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text(
        '{"text": "Crews cleared 12 km of road.", "url": "https://x.example/a"}\n'
        '{"text": "Crews cleared 14 km of road.", "url": "https://x.example/a"}\n',
        encoding="utf-8",
    )
    summary = ingest_paths(engine, [feed], max_bytes=100_000)
    assert [r.outcome for r in summary.results] == ["stored", "duplicate"]


def test_failure_mid_article_leaves_no_trace(
    engine: Engine, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_paths(engine, [corpus / "a.txt"], max_bytes=100_000)
    before = counts(engine)

    def broken(*args: object, **kwargs: object) -> list[tuple[int, ...]]:
        raise RuntimeError("matching blew up after mentions were written")

    monkeypatch.setattr(articles_service, "match_articles", broken)
    with pytest.raises(RuntimeError):
        ingest_paths(engine, [corpus / "nested" / "b.txt"], max_bytes=100_000)
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("latin.txt", "Le caf\u00e9 a servi 30 clients.".encode("latin-1"), "UTF-8"),
        ("empty.txt", b"", "empty"),
        ("sheet.xlsx", b"PK\x03\x04", "unsupported file type"),
        ("bad.jsonl", b"{oops\n", "malformed JSON"),
        ("only-furniture.txt", b"Skip to main content\n3 min read\n", "no article text"),
    ],
)
def test_bad_input_gets_a_clear_error_and_stores_nothing(
    engine: Engine, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    summary = ingest_paths(engine, [path], max_bytes=100_000)
    [result] = summary.results
    assert result.outcome == "failed"
    assert reason in result.detail
    assert summary.failed
    assert counts(engine) == dict.fromkeys(counts(engine), 0)


def test_missing_path_is_reported(engine: Engine, tmp_path: Path) -> None:
    summary = ingest_paths(engine, [tmp_path / "nope.txt"], max_bytes=100_000)
    assert summary.results[0].outcome == "failed"
    assert "no such file" in summary.results[0].detail


def test_repeated_figure_in_one_article_joins_one_claim(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "Officials said 48 homes were destroyed.\nLater, they repeated that 48 homes were "
        "destroyed.\n",
        encoding="utf-8",
    )
    ingest_paths(engine, [path], max_bytes=100_000)
    with Session(engine) as s:
        homes = s.scalars(select(Mention).where(Mention.value == 48)).all()
        assert len(homes) == 2
        claims = {m.membership.claim_id for m in homes if m.membership}
        assert len(claims) == 1


def test_claims_summarised_at_ingest_equal_a_fresh_summary(engine: Engine) -> None:
    """Ingest summarises claims from members it already holds; re-reading them all from the
    database must give the very same labels, statuses, spreads and keys."""
    from app.cli import DEMO_CORPUS
    from app.db.models import ClaimKey
    from app.services.claims import refresh_claims

    ingest_paths(engine, [DEMO_CORPUS], max_bytes=1_000_000)
    fields = ("label", "kind", "unit", "status", "low", "high", "common_low", "common_high",
              "explanation", "sources_count", "mentions_count", "disagreeing_sources")

    def snapshot() -> tuple[list[tuple[object, ...]], set[tuple[str, int]]]:
        with Session(engine) as s:
            claims = [tuple(getattr(c, f) for f in fields)
                      for c in s.scalars(select(Claim).order_by(Claim.id))]
            keys = {(k.key, k.claim_id) for k in s.scalars(select(ClaimKey))}
        return claims, keys

    before = snapshot()
    assert before[0]
    with Session(engine) as s, s.begin():
        refresh_claims(s, s.scalars(select(Claim.id)).all())
    assert snapshot() == before
