"""HTML path: rule files' [[html.examples]], decoding, hostile pages, selectors and the CLI.

The golden pages under fixtures/html/ are run by tests/test_goldens.py like every fixture.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.html.decode import decode_html
from cleaner.html.directives import compile_selector
from cleaner.html.examples import html_example_failures
from cleaner.html.lines import element_lines
from cleaner.html.parse import PageError, parse_html
from cleaner.pipeline import clean
from cleaner.rulebook.load import Rulebook, RuleFileError, load_rule_file
from tests.conftest import FIXTURES, ROOT

ARTICLE = (
    "<html><head><title>Council votes on budget</title></head><body>"
    "<nav>Home | World | Sport</nav><article><h1>Council votes on budget</h1>"
    "<p>The city council voted on Tuesday to approve a budget that raises spending on "
    "schools and roads, after a debate that lasted well into the evening.</p>"
    "<p>Opponents said the plan leaned too heavily on borrowing, and warned that the city "
    "would be paying for it for many years after the current councillors had left.</p>"
    "<div class='sharedaddy'>Share this: Facebook Twitter</div></article></body></html>"
)


def html_files(rulebook: Rulebook):
    return [f for f in rulebook.files if f.html.examples]


def test_every_html_directive_file_has_examples(rulebook: Rulebook) -> None:
    for rule_file in rulebook.files:
        if rule_file.html.has_selectors():
            assert rule_file.html.examples, f"{rule_file.path}: no [[html.examples]]"


@pytest.mark.parametrize("rule_file", html_files(Rulebook.load()), ids=lambda f: Path(f.path).name)
def test_html_examples(rule_file) -> None:
    assert html_example_failures(rule_file) == []


def test_bad_selector_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "example.com.toml"
    path.write_text(
        'domains = ["example.com"]\n\n[html]\nbody = ["div[[broken"]\n'
        '[[html.examples]]\nhtml = "<p>x</p>"\nkeep = ["x"]\n',
        "utf-8",
    )
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert f"{path}:4:" in str(caught.value)
    assert "selector" in str(caught.value)


def test_html_directives_without_examples_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "example.com.toml"
    path.write_text('domains = ["example.com"]\n\n[html]\nstrip = [".ad"]\n', "utf-8")
    with pytest.raises(RuleFileError, match=r"html\.examples"):
        load_rule_file(path)


def test_xpath_and_css_selectors_compile() -> None:
    assert compile_selector("//div[@id='story']").path == "//div[@id='story']"
    assert "descendant-or-self" in compile_selector("div.story p").path
    with pytest.raises(ValueError):
        compile_selector("//div[")


def test_body_selector_first_match_wins(tmp_path: Path) -> None:
    (tmp_path / "example.com.toml").write_text(
        'domains = ["example.com"]\n[html]\nbody = [".new-body", "#old-body"]\n'
        'strip = [".promo"]\ntitle = ["h1.headline"]\n'
        "[[html.examples]]\nhtml = \"<div id='old-body'><p>Old era.</p></div>\"\n"
        'keep = ["Old era."]\n',
        "utf-8",
    )
    rulebook = Rulebook.load([tmp_path])
    page = (
        "<html><body><h1 class='headline'>The headline</h1><div class='teaser'>Teaser</div>"
        "<div id='old-body'><p>First paragraph of the story.</p>"
        "<p class='promo'>Subscribe now</p><p>Second paragraph of the story.</p></div>"
        "</body></html>"
    )
    doc = clean(page, url="https://www.example.com/a", kind="html", rulebook=rulebook)
    assert doc.sites == ["example"]
    assert doc.title == "The headline"
    assert doc.text == "First paragraph of the story.\n\nSecond paragraph of the story."
    assert doc.route == "site"  # the container was read, not trafilatura


def test_generic_html_rules_prune_widgets(rulebook: Rulebook) -> None:
    doc = clean(ARTICLE, url="https://unknown.example/", kind="html", rulebook=rulebook)
    assert "voted on Tuesday" in doc.text
    assert "Share this" not in doc.text
    assert "Home | World" not in doc.text


def test_element_lines_one_block_per_line() -> None:
    tree = parse_html("<div><h2>Sub head</h2><p>One <b>bold</b> line.</p><ul><li>a</li></ul></div>")
    assert element_lines(tree.find("body")) == ["Sub head", "One bold line.", "a"]


# --- decoding ------------------------------------------------------------------------------


def test_meta_charset_decodes_non_utf8_bytes() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café “quoted” €5</p>'
    assert "Café “quoted” €5" in decode_html(page.encode("cp1252"))


def test_http_equiv_charset_koi8() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        "</head><body><p>Привет, мир</p></body></html>"
    )
    assert "Привет, мир" in decode_html(page.encode("koi8-r"))


def test_bom_wins_over_declaration() -> None:
    page = '<meta charset="iso-8859-1"><p>naïve</p>'
    assert "naïve" in decode_html(b"\xef\xbb\xbf" + page.encode("utf-8"))


def test_utf8_page_mislabelled_latin1_reads_as_utf8() -> None:
    page = '<meta charset="iso-8859-1"><p>Zürich – naïve</p>'
    assert "Zürich – naïve" in decode_html(page.encode("utf-8"))


def test_undeclared_legacy_bytes_are_detected() -> None:
    text = "Le conseil municipal a voté mardi un budget élevé pour les écoles. " * 5
    decoded = decode_html(f"<p>{text}</p>".encode("cp1252"))
    assert "voté mardi un budget élevé" in decoded


# --- hostile and broken pages --------------------------------------------------------------


def test_external_entity_is_not_expanded(rulebook: Rulebook, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", "utf-8")
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<html><body><article><p>Hello &xxe; this paragraph is long enough to be kept as the "
        "body of a story by the extractor, with several more words in it.</p></article>"
        "</body></html>"
    )
    doc = clean(page, kind="html", rulebook=rulebook)
    assert "TOP-SECRET-VALUE" not in doc.text
    assert "TOP-SECRET-VALUE" not in json.dumps(doc.to_dict())


def test_deeply_nested_page_is_bounded(rulebook: Rulebook) -> None:
    depth = 50_000
    page = "<html><body>" + "<div>" * depth + "<p>deep</p>" + "</div>" * depth + "</body></html>"
    try:
        doc = clean(page, kind="html", rulebook=rulebook)
    except PageError:
        return
    assert len(doc.text) < 1000


def test_empty_page_raises_page_error(rulebook: Rulebook) -> None:
    with pytest.raises(PageError):
        clean("   ", kind="html", rulebook=rulebook)


def test_page_without_text_gives_empty_body(rulebook: Rulebook) -> None:
    doc = clean("<html><body><div></div></body></html>", kind="html", rulebook=rulebook)
    assert doc.text == ""


def test_oversized_page_raises_page_error() -> None:
    from cleaner.html import parse as html

    with pytest.raises(PageError, match="limit"):
        parse_html("<p>" + "x" * (html.MAX_HTML_CHARS + 1))


def test_bytes_input_is_decoded() -> None:
    tree = parse_html('<meta charset="cp1252"><p>Caf\xe9</p>'.encode("cp1252"))
    assert "Café" in tree.text_content()


# --- CLI -----------------------------------------------------------------------------------


def test_cli_cleans_an_html_page_to_json(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE.replace("<head>", '<head><meta charset="cp1252">').encode("cp1252"))
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(page), "--url",
         "https://news.example.org/council", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["url"] == "https://news.example.org/council"
    assert record["title"] == "Council votes on budget"
    assert "voted on Tuesday" in record["text"]
    assert "Share this" not in record["text"]


def test_html_fixtures_exist() -> None:
    assert len(list((FIXTURES / "html").glob("*.expected.txt"))) >= 3


def counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the page parses from here on: every ``parse_html`` makes one parser."""
    import cleaner.html.parse as parse

    made: list[int] = []
    make = parse.make_parser

    def counting() -> object:
        made.append(1)
        return make()

    monkeypatch.setattr(parse, "make_parser", counting)
    return made


def test_an_html_page_is_parsed_once(rulebook: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction, the page type, the verdict's page lines and its markup reading all read
    the one tree; the document lets it go once judged."""
    page = (FIXTURES / "html" / "politico-retirement.html").read_text("utf-8")
    made = counted_parses(monkeypatch)
    doc = clean(page, url="https://www.politico.com/story/x", kind="html", rulebook=rulebook)
    assert doc.verdict is not None and doc.text
    assert len(made) == 1
    assert doc.tree is None and doc.blocks is None


def test_a_repaired_html_page_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site rule that catches an empty box sends the page down the generic path too: that
    extraction copies the page's tree instead of parsing it again."""
    (tmp_path / "example.com.toml").write_text(
        'domains = ["example.com"]\n[html]\nbody = [".box"]\n'
        "[[html.examples]]\nhtml = \"<div class='box'><p>In the box.</p></div>\"\n"
        'keep = ["In the box."]\n',
        "utf-8",
    )
    rulebook = Rulebook.load([tmp_path])
    page = ARTICLE.replace("<nav>", "<div class='box'>Menu</div><nav>")
    made = counted_parses(monkeypatch)
    doc = clean(page, url="https://www.example.com/a", kind="html", rulebook=rulebook)
    assert doc.path == "fallback" and "voted on Tuesday" in doc.text
    assert len(made) == 1


@pytest.mark.parametrize(
    ("url", "fast"),
    [("https://docs.example.org/guide/install", True), ("https://news.example.org/a", False)],
)
def test_trafilatura_reads_fast_only_on_fast_page_types(
    rulebook: Rulebook, monkeypatch: pytest.MonkeyPatch, url: str, fast: bool
) -> None:
    """Documentation pages get trafilatura's fast mode (``FAST_TYPES``); an
    article keeps its full mode."""
    import cleaner.html.extract as extraction

    modes: list[bool] = []
    shipped = extraction.trafilatura_text

    def spy(tree: object, page_url: str | None, favor_recall: bool = False, fast: bool = False):
        modes.append(fast)
        return shipped(tree, page_url, favor_recall, fast)

    monkeypatch.setattr(extraction, "trafilatura_text", spy)
    page = ARTICLE.replace("<head>", "<head><meta property='og:type' content='article'>")
    doc = clean(page if not fast else ARTICLE, url=url, kind="html", rulebook=rulebook)
    assert doc.page_type == ("documentation" if fast else "article")
    assert modes and set(modes) == {fast}
