"""What Markdown would show: a CommonMark render plus the rewrites Streamlit applies to text.

Streamlit renders st.markdown, captions, toasts and widget labels with CommonMark + GFM, then
rewrites text nodes (after backslash escapes are resolved): :material/icon:, :emoji:,
:streamlit:, bare links and e-mail addresses, and reads $...$ as LaTeX. `active_markup` lists
what in a Markdown source would turn into something other than plain text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# The patterns Streamlit 1.67's frontend applies to text nodes (StreamlitMarkdown.js).
TEXT_REWRITES = {
    "material icon": re.compile(r":material[/_]\w+:"),
    "emoji or :streamlit: shortcode": re.compile(r":[\w+-]+:"),
    "bare link": re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+"),
    "e-mail link": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "directive": re.compile(r":[a-z][a-z0-9-]*\["),
    "arrow or dash": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}
# Streamlit loads KaTeX when the source (escapes and code removed) has $...$ or $$...$$.
ESCAPES_AND_CODE = re.compile(r"(`+)[^`\n]+\1|\\[\\$`]")
LATEX = re.compile(r"(?<!\$)\$(?![\s$])[^$\n]*?[^\s$]\$(?!\d)|(?<!\$)\$\$+(?!\$)[\s\S]*?\$\$")


BLOCKS_AND_EMPHASIS = {
    "heading_open",
    "bullet_list_open",
    "ordered_list_open",
    "blockquote_open",
    "em_open",
    "strong_open",
    "s_open",
    "table_open",
    "hr",
    "code_block",
}


def _inline_tokens(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _inline_tokens(token.children)


def active_markup(source: str) -> list[str]:
    """Everything in source that would render as more than text: links, images, HTML, headings,
    lists, code, emphasis, icons, emoji, LaTeX. Empty for inert text."""
    found = []
    for token in _inline_tokens(_PARSER.parse(source)):
        kind = token.type
        if kind in ("link_open", "image", "html_inline", "html_block", "code_inline", "fence"):
            found.append(f"{kind}: {token.content or token.attrs}")
        elif kind in BLOCKS_AND_EMPHASIS:
            found.append(kind)
        elif kind == "text":
            found += [
                f"{name}: {match.group(0)}"
                for name, pattern in TEXT_REWRITES.items()
                for match in pattern.finditer(token.content)
            ]
    if LATEX.search(ESCAPES_AND_CODE.sub("", source)):
        found.append("LaTeX")
    return found


def shown_text(source: str) -> str:
    """The text a reader sees, whitespace collapsed and invisible word joiners dropped."""
    parts = []
    for token in _inline_tokens(_PARSER.parse(source)):
        if token.type in ("text", "code_inline", "code_block"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak", "paragraph_close"):
            parts.append(" ")
    return " ".join("".join(parts).replace("\u2060", "").split())
