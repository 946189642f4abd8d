"""Reading inputs into clean articles: no database involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingest.decode import decode_text
from app.ingest.errors import IngestError
from app.ingest.files import read_file
from app.ingest.plaintext import parse_plain_text
from app.ingest.sources import from_text, placeholder_source

PAGE = """Skip to main content

Flood waters recede in river town

4 min read
date-less line stays
Rescuers said 14 people were still missing on Friday.
CLICK HERE TO READ MORE FROM THE VALLEY COURIER
Officials counted more than 300 damaged homes.

Copyright 2024, Valley Courier
"""


def test_plain_text_drops_furniture_and_finds_title_and_outlet() -> None:
    parsed = parse_plain_text(PAGE)
    assert parsed.title == "Flood waters recede in river town"
    assert parsed.source == "Valley Courier"
    assert "Skip to main content" not in parsed.body
    assert "CLICK HERE" not in parsed.body
    assert "min read" not in parsed.body
    assert "Copyright" not in parsed.body
    assert parsed.body.startswith("date-less line stays")
    assert parsed.body.endswith("more than 300 damaged homes.")


def test_leading_date_marker_is_the_publication_date() -> None:
    parsed = parse_plain_text(" date 2024-05-01 The council met for three hours on Tuesday.")
    assert parsed.published_at is not None
    assert parsed.published_at.date().isoformat() == "2024-05-01"
    assert parsed.body == "The council met for three hours on Tuesday."
    assert parsed.title == "The council met for three hours on Tuesday."


def test_sentence_first_line_is_not_taken_as_headline() -> None:
    parsed = parse_plain_text("U.S. officials said 12 boats sank.\nA second paragraph.")
    assert parsed.title == "U.S. officials said 12 boats sank."
    assert parsed.body.startswith("U.S. officials said 12 boats sank.")


def test_outlet_unknown_gets_a_placeholder_per_input() -> None:
    a = from_text("Some 40 trucks crossed on Monday.", origin="/tmp/a.txt")
    b = from_text("Some 40 trucks crossed on Monday, officials said.", origin="/tmp/b.txt")
    assert a.source != b.source
    assert a.source == placeholder_source("/tmp/a.txt")


def test_explicit_source_wins() -> None:
    article = from_text(PAGE, origin="x.txt", source="Other Outlet")
    assert article.source == "Other Outlet"


def test_content_hash_ignores_whitespace_only_changes() -> None:
    a = from_text("Some 40 trucks crossed on Monday.\nThey waited.", origin="a")
    b = from_text("Some 40  trucks crossed on Monday.\n\nThey  waited.  ", origin="b")
    assert a.content_hash == b.content_hash


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_bytes_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        decode_text(data, name="f.txt")


def test_boms_are_understood() -> None:
    assert decode_text("\ufeffHello 5".encode(), name="f") == "Hello 5"
    assert decode_text("Hello 5".encode("utf-16"), name="f") == "Hello 5"


def test_named_fallback_encoding() -> None:
    data = "caf\u00e9 served 30 guests".encode("cp1252")
    assert decode_text(data, name="f", encoding="cp1252") == "café served 30 guests"


def test_jsonl_reports_bad_lines_with_numbers_and_keeps_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"text": "The bridge is 40 metres long.", "source": "Bridge News"}\n'
        "{not json\n"
        '{"title": "no text"}\n'
        "\n"
        '["a list"]\n'
        '{"text": "Over 20 cars queued.", "url": "ftp://bad"}\n'
        '{"text": "Nearly 9 ferries ran.", "published_at": "2024-03-02"}\n',
        encoding="utf-8",
    )
    items = list(read_file(path, max_bytes=10_000))
    good = [i for i in items if i.article]
    bad = {i.record: i.error for i in items if i.error}
    assert [i.record for i in good] == [0, 6]
    assert good[0].article is not None and good[0].article.source == "Bridge News"
    assert good[1].article is not None and good[1].article.published_at is not None
    assert bad[1] is not None and "line 2" in bad[1] and "malformed JSON" in bad[1]
    assert bad[2] is not None and "line 3" in bad[2] and "text" in bad[2]
    assert bad[4] is not None and "line 5" in bad[4]
    assert bad[5] is not None and "url" in bad[5]


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Some 12 words. " * 200, encoding="utf-8")
    [item] = read_file(path, max_bytes=1000)
    assert item.article is None and item.error and "limit" in item.error


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        """<!doctype html><html><head><title>Dam opens after 12 years</title>
        <meta property="og:site_name" content="Delta Post">
        <meta property="article:published_time" content="2024-06-03T08:00:00Z">
        <link rel="canonical" href="https://delta.example/dam-opens"></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Dam opens after 12 years</h1>
        <p>The new dam, which took 12 years to build, will supply water to about 2 million
        people in the delta, the regional water board said on Monday afternoon.</p>
        <p>Engineers said the reservoir holds more than 3 billion cubic metres, making it the
        largest in the region by a wide margin, according to official figures.</p></article>
        <footer>Contact us · Privacy · Terms</footer></body></html>""",
        encoding="utf-8",
    )
    [item] = read_file(path, max_bytes=100_000)
    assert item.article is not None
    article = item.article
    assert article.title == "Dam opens after 12 years"
    assert article.source == "Delta Post"
    assert article.url == "https://delta.example/dam-opens"
    assert article.published_at is not None and article.published_at.day == 3
    assert "about 2 million" in article.body
    assert "Privacy" not in article.body and "<p>" not in article.body


def test_headline_found_below_section_labels_and_site_name() -> None:
    parsed = parse_plain_text(
        "Skip to main content\nTHE RIVER POST\nWorld | Europe\n\n"
        "Ferry operators strike for a second day\n\nBy A. Writer\n\n"
        "Ferries stayed in port for 48 hours, the union said.\n"
    )
    assert parsed.title == "Ferry operators strike for a second day"
    assert parsed.body.startswith("By A. Writer")
    assert "THE RIVER POST" not in parsed.body


def test_nul_characters_are_dropped() -> None:
    article = from_text("Some 5 boats\x00 sank.", origin="x", title="Boats\x00", source="S\x00")
    assert "\x00" not in article.body + article.title + article.source
