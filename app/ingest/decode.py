"""Bytes to text: UTF-8 (with or without BOM) and BOM-marked UTF-16; anything else is refused."""

from __future__ import annotations

import codecs

from app.ingest.errors import IngestError

_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}


def decode_text(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Decode ``data`` or raise :class:`IngestError` saying why, never guessing silently."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if encoding is None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            if b"\x00" in data:
                raise IngestError(f"{name}: this looks like a binary file, not text")
            encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(
            f"{name}: not valid {encoding.removesuffix('-sig').upper()} text "
            f"(byte {error.start}); save it as UTF-8 or name its encoding (--encoding)"
        ) from error
    except LookupError as error:
        raise IngestError(f"{name}: unknown encoding {encoding!r}") from error
    control = sum(1 for ch in text[:4096] if ch in _CONTROL)
    if control > 8:
        raise IngestError(f"{name}: this looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
