"""lib.text: cleaning what comes in, whole numbers, links, and the one Markdown escaper."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.text import (
    clean,
    clean_line,
    markdown_escape,
    markdown_line,
    url_problem,
    whole_number,
)
from tests.markdown_check import active_markup, shown_text

HOSTILE = [
    "![p](http://127.0.0.1/x.png)",
    "[click](http://127.0.0.1/) and <https://127.0.0.1/auto>",
    "<img src=x onerror=alert(1)> <b>bold</b> <!-- hidden --> &lt;b&gt;",
    ":material/home: :smile: :streamlit: :red[alarm] :red-background[x]",
    "$x^2$ and $$y$$",
    "# big\n## bigger\n> quoted\n- item\n1. first\n---\n===",
    "*em* **strong** _em_ __strong__ ~~gone~~ `code` ```fence```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "https://127.0.0.1/x www.example.org name@example.org",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "[ref]: http://127.0.0.1/ref\n[ref]",
    "    indented code",
    "trailing backslash \\",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_markdown_escape_renders_hostile_text_as_text(typed):
    escaped = markdown_escape(typed)
    assert active_markup(escaped) == []
    assert shown_text(escaped) == " ".join(typed.split())


def test_the_checker_sees_what_unescaped_text_would_do():
    # The checker itself must be able to fail: each hostile line is active unescaped.
    for typed in HOSTILE[:-3]:
        assert active_markup(typed), typed


def test_icons_and_links_are_broken_by_an_invisible_joiner_not_by_changed_text():
    escaped = markdown_escape(":material/home: https://x.org a@b.org www.x.org")
    assert ":material/" not in escaped and "https://" not in escaped
    assert "@b" not in escaped and "www." not in escaped
    assert escaped.replace("\u2060", "").replace("\\", "") == (
        ":material/home: https://x.org a@b.org www.x.org"
    )


def test_markdown_line_keeps_one_line():
    assert "\n" not in markdown_line("one\r\ntwo\nthree")
    assert shown_text(markdown_line("one\ntwo")) == "one two"
    assert markdown_escape(None) == "" and markdown_line(None) == ""


printable = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2060")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(printable | st.sampled_from("\n[]()!<>:$*_#`~|&\\@"), max_size=60))
def test_markdown_escape_of_any_text_is_inert_and_reads_as_typed(typed):
    escaped = markdown_escape(typed)
    assert active_markup(escaped) == []
    assert shown_text(escaped) == " ".join(typed.split())


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ada\x00 Lovelace", "Ada Lovelace"),
        ("bell\x07 tab\tkept", "bell tab\tkept"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate"),
        ("  line\r\nbreaks\r ", "line\nbreaks"),
        ("c1 \x85 and del \x7f", "c1  and del"),
        (None, ""),
        (12, "12"),
    ],
)
def test_clean_drops_control_characters_and_lone_surrogates(raw, expected):
    assert clean(raw) == expected


def test_clean_line_joins_lines():
    assert clean_line(" a \n\n b\x00 ") == "a b"


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3),
        ("3", 3),
        (" 3 ", 3),
        ("3.0", 3),
        (3.0, 3),
        (-2, -2),
        ("3.5", None),
        ("inf", None),
        (float("inf"), None),
        (float("-inf"), None),
        (float("nan"), None),
        ("nan", None),
        ("1e400", None),
        ("9" * 5000, None),
        (True, None),
        ("", None),
        (None, None),
        ("three", None),
        ([3], None),
    ],
)
def test_whole_number_never_overflows(value, expected):
    assert whole_number(value) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "http://example.org/page?a=1&b=2#top",
        "https://sub.example.co.uk:8443/a/b/",
        "https://linkedin.com/in/ada-lovelace",
        "https://bücher.example/straße",
        "https://en.wikipedia.org/wiki/Foo_%28bar%29",
    ],
)
def test_url_problem_accepts_ordinary_links(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org)![u](http://127.0.0.1/x.png)",
        "https://example.org/a b",
        "https://example.org/<script>",
        'https://example.org/"quoted"',
        "https://example.org/it's",
        "https://example.org\\evil",
        "https://example.org/[x]",
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/file",
        "example.org",
        "https://",
        "https:///path",
        "https://user:pw@example.org/",
        "https://example.org:99999/",
        "https://nodot/",
        "https://exa\x00mple.org",
        "https://" + "a" * 2_000 + ".org",
    ],
)
def test_url_problem_rejects_links_that_could_break_out(url):
    message = url_problem(url)
    assert message and message.startswith("The link")


def test_the_reported_board_link_gets_a_clear_message():
    message = url_problem("https://example.org)![u](http://127.0.0.1/x.png)")
    assert "brackets" in message


def test_narrowed_keeps_matches_up_to_a_limit_and_the_current_pick():
    from lib.text import narrowed

    people = {1: "Ada Lovelace", 2: "Ben Ávila", 3: "Adam Smith", 4: "Ada Yonath"}
    assert narrowed(people, "", 2) == {1: "Ada Lovelace", 2: "Ben Ávila"}
    assert narrowed(people, "ADA", 5) == {1: "Ada Lovelace", 3: "Adam Smith", 4: "Ada Yonath"}
    assert narrowed(people, "ávila", 5) == {2: "Ben Ávila"}
    assert narrowed(people, "ada  yon", 5) == {4: "Ada Yonath"}
    assert narrowed(people, "nobody", 5, keep=2) == {2: "Ben Ávila"}
    assert narrowed(people, "ada", 1, keep=4) == {4: "Ada Yonath", 1: "Ada Lovelace"}
