"""Plain-text articles as saved from news sites: strip page furniture, find title, date, outlet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from app.ingest.errors import IngestError

_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
# Lines that belong to the page around the article, not to the article.
_FURNITURE = [
    re.compile(r"^skip to (main )?content$", re.I),
    re.compile(r"^click here to read more (from|at|on) .+$", re.I),
    re.compile(r"^(read more|related|advertisement|share this article|share)$", re.I),
    re.compile(r"^\d+\s*(-\s*)?min(ute)?s?\s+read$", re.I),
    re.compile(r"^(copyright|©|\(c\))\s*(\d{4})?[,.]?\s*.{0,80}$", re.I),
    re.compile(r"^all rights reserved\.?$", re.I),
    re.compile(r"^this (developing )?story has been updated.*$", re.I),
]
_READ_MORE_SOURCE = re.compile(r"^click here to read more (?:from|at|on) (?:the )?(.+?)\.?$", re.I)
_COPYRIGHT_SOURCE = re.compile(
    r"^(?:copyright|©|\(c\))\s*(?:\d{4})?[,.]?\s*(?:by\s+)?(?:the\s+)?([A-Za-z][^.]{1,60}?)\.?"
    r"(?:\s+all rights reserved\.?)?$",
    re.I,
)
_MAX_TITLE = 200


@dataclass(frozen=True, slots=True)
class ParsedText:
    body: str
    title: str | None
    published_at: datetime | None
    source: str | None


def _nice_name(raw: str) -> str:
    """'THE WASHINGTON EXAMINER' -> 'Washington Examiner'; mixed case is kept as written."""
    name = raw.strip().strip(".,;:")
    if name.lower().startswith("the "):
        name = name[4:]
    if name.isupper():
        name = " ".join(w if len(w) <= 3 and w in {"US", "UK", "UN", "AP", "BBC", "NPR", "CNN"}
                        else w.capitalize() for w in name.split())
    return name


def _looks_like_headline(line: str) -> bool:
    """A headline: a handful of words, not a sentence, not a label, byline or site name."""
    words = line.split()
    return (
        0 < len(line) <= _MAX_TITLE
        and 4 <= len(words) <= 25
        and not line.rstrip().endswith((".", ",", ";", ":"))
        and not line.startswith(("(", "“", '"', "-", "–", "By ", "by "))
        and not line.isupper()
        and " | " not in line
    )


def _looks_like_label(line: str) -> bool:
    """Section names, site names and kickers that sit above a headline ("World", "ANALYSIS")."""
    return bool(line) and (len(line.split()) <= 3 or line.isupper() or " | " in line) and (
        not any(ch.isdigit() for ch in line)
    )


def _split_headline(lines: list[str]) -> tuple[str | None, list[str]]:
    """Find the headline among the short lines that open the page; drop the labels above it."""
    for index, raw in enumerate(lines[:8]):
        line = raw.strip()
        if not line:
            continue
        if _looks_like_headline(line):
            return line, lines[index + 1:]
        if not _looks_like_label(line):
            break
    return None, lines


def _fallback_title(body: str) -> str:
    first = body.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[a-z]{2}[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) <= 120:
        return sentence
    return sentence[:117].rsplit(" ", 1)[0] + "…"


def parse_plain_text(text: str) -> ParsedText:
    """Split saved page text into article body and what it says about itself."""
    published: datetime | None = None
    marker = _DATE_MARKER.match(text)
    if marker:
        try:
            published = datetime.strptime(marker.group(1), "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError as error:
            raise IngestError(f"bad date marker {marker.group(1)!r}") from error
        text = text[marker.end():]

    source: str | None = None
    kept: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if any(p.match(line) for p in _FURNITURE):
            found = _READ_MORE_SOURCE.match(line) or _COPYRIGHT_SOURCE.match(line)
            if found and source is None and re.search(r"[A-Za-z]{2}", found.group(1)):
                source = _nice_name(found.group(1))
            continue
        kept.append(raw.rstrip())

    lines = "\n".join(kept).strip("\n").split("\n")
    title, lines = _split_headline(lines)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not body:
        raise IngestError("no article text left after removing page furniture")
    return ParsedText(
        body=body, title=title or _fallback_title(body), published_at=published, source=source
    )
