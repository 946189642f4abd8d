"""Fact-checkers' notes: CommonMark without raw HTML, links and images to http(s) only."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

_ALLOWED_SCHEMES = ("http://", "https://")


def _validate_link(url: str) -> bool:
    # Relative links would point into this site; "javascript:" and "data:" could run code.
    return url.strip().lower().startswith(_ALLOWED_SCHEMES)


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")  # a note may link to evidence, not load third-party content
    md.validateLink = _validate_link  # type: ignore[method-assign]
    def link_open(
        renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
        env: EnvType,
    ) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


_MD = _build()


def render_note(note: str) -> Markup:
    """Safe HTML for a note: markdown-it escapes all text, and raw HTML is off."""
    return Markup(_MD.render(note or ""))
