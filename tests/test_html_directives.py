"""``[html]`` directives as a typed, picklable kind, and the shared work of the HTML stages."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from cleaner.html.choice import container_lines, is_template_part
from cleaner.html.directives import HtmlDirectives, Selector, StripPlan
from cleaner.html.extract import find_body
from cleaner.html.lines import element_lines, page_lines
from cleaner.html.metadata import read_metadata
from cleaner.html.parse import parse_html
from cleaner.html.prune import drop_element, prune
from cleaner.rulebook.load import Rulebook, load_rule_file
from tests.conftest import FIXTURES, ROOT

SITE_FILE = (
    'domains = ["example.com"]\n[html]\nbody = [".story"]\nstrip = [".promo", "aside p"]\n'
    'strip_id_or_class = ["newsletter"]\ntitle = ["h1"]\n'
    "[[html.examples]]\nhtml = \"<div class='story'><p>Kept.</p><p class='promo'>Ad</p></div>\"\n"
    'keep = ["Kept."]\ndrop = ["Ad"]\n'
)
PAGE = (
    "<html><body><h1>A headline here</h1><div class='story'><p>First.</p>"
    "<p class='promo'>Buy now</p><div id='newsletter'>Sign up</div><aside><p>Aside</p></aside>"
    "<p>Second.</p></div></body></html>"
)


@pytest.fixture
def site_file(tmp_path: Path):
    path = tmp_path / "example.com.toml"
    path.write_text(SITE_FILE, "utf-8")
    return load_rule_file(path)


def test_directives_are_typed_and_compiled(site_file) -> None:
    html = site_file.html
    assert [s.source for s in html.body] == [".story"]
    assert [s.source for s in html.strip] == [".promo", "aside p"]
    assert html.strip_id_or_class[0].shorthand
    assert html.examples[0].keep == ("Kept.",) and html.examples[0].drop == ("Ad",)
    assert html.removal.simple.classes == {
        "promo": frozenset({None}),
        "newsletter": frozenset({None}),
    }
    assert html.removal.simple.ids == frozenset({"newsletter"})
    assert len(html.removal.xpaths) == 1  # "aside p" needs its XPath


def test_directives_pickle_as_sources_and_work_after(site_file) -> None:
    again = pickle.loads(pickle.dumps(site_file))
    assert [s.source for s in again.html.strip] == [".promo", "aside p"]
    tree = parse_html(PAGE)
    prune(tree, [again.html])
    body = find_body(tree, [again.html])
    assert body is not None
    assert element_lines(body[0]) == ["First.", "Second."]
    assert read_metadata(tree, [again.html]) == {"title": "A headline here"}


def test_selector_pickles_as_its_source() -> None:
    selector = pickle.loads(pickle.dumps(Selector("div.story p")))
    assert selector.source == "div.story p"
    assert "descendant-or-self" in selector.xpath.path
    with pytest.raises(ValueError, match="not a valid"):
        Selector("div[[")


def test_empty_directives_are_falsy() -> None:
    assert not HtmlDirectives()
    assert not StripPlan.combined([HtmlDirectives().removal])


def test_combined_strip_plans_keep_file_order(site_file) -> None:
    other = HtmlDirectives.from_table({"strip": ["div > .x", ".promo", "span"]})
    plan = StripPlan.combined([site_file.html.removal, other.removal])
    assert [x.path for x in plan.xpaths] == [
        site_file.html.removal.xpaths[0].path,
        other.removal.xpaths[0].path,
    ]
    assert plan.simple.tags == frozenset({"span"})


def test_load_errors_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "example.com.toml"
    path.write_text(SITE_FILE.replace('".promo", "aside p"', '".promo", "p[["'), "utf-8")
    from cleaner.rulebook.load import RuleFileError

    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert caught.value.problems[0].startswith(f"{path}:4: 'html.strip' selector 'p[['")


def test_skipping_template_parts_reads_as_removing_them() -> None:
    """``container_lines`` skips template parts instead of deleting them from a copy; the
    lines must be those of the old way (tail text kept unless blank)."""
    for page in sorted((FIXTURES / "html").rglob("*.html")):
        tree = parse_html(page.read_bytes())
        body = tree.find("body")
        removed = copy.deepcopy(body)
        doomed = [
            e for e in removed.iterdescendants() if isinstance(e.tag, str) and is_template_part(e)
        ]
        chosen = set(doomed)
        for element in doomed:
            if not any(a in chosen for a in element.iterancestors()):
                drop_element(element)
        assert container_lines(body) == element_lines(removed), page.name
    tree = parse_html("<main><p>One</p><nav>Menu</nav>\n<b>tail</b> text<nav>x</nav> more</main>")
    main = tree.find(".//main")
    assert container_lines(main) == ["One", "tail text more"]


def test_page_lines_travel_on_the_document_read_before_pruning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Extraction keeps the whole page's text on its Document (no module global): the
    validator reads it from there without a second parse, whatever page was cleaned since."""
    import cleaner.html.lines as lines_module
    from cleaner.pipeline import clean
    from cleaner.validate.verdict import validate_context

    first = "<html><body><nav>Menu</nav><p>One story line here.</p></body></html>"
    second = "<html><body><p>Other page.</p></body></html>"
    assert page_lines(first) == ["Menu", "One story line here."]
    doc = clean(first, validate=False)
    clean(second, validate=False)
    assert doc.page_lines == ["Menu", "One story line here."]

    def no_parse(raw: str) -> None:
        raise AssertionError("the page was parsed again")

    monkeypatch.setattr(lines_module, "parse_html", no_parse)
    context = validate_context(doc, Rulebook.load())
    assert context.page_lines == ["Menu", "One story line here."]


def test_page_lines_of_a_page_whose_text_is_all_in_noscript() -> None:
    """A page whose only text is inside <noscript> (a script app's notice, or an unclosed
    <noscript> the parser let hold the page) gives its lines, so a verdict has a kept share;
    elsewhere <noscript> stays out of the page's text."""
    app = (
        "<html><body><noscript>You need to enable JavaScript.</noscript><main></main></body></html>"
    )
    assert page_lines(app) == ["You need to enable JavaScript."]
    unclosed = "<html><body><noscript><div id='x'></noscript><div><p>Story one.</p><p>Two.</p>"
    assert page_lines(unclosed) == ["Story one.", "Two."]
    mixed = "<html><body><noscript>Enable scripts.</noscript><p>The story.</p></body></html>"
    assert page_lines(mixed) == ["The story."]


def test_parsed_elements_are_lxml_html_elements() -> None:
    tree = parse_html("<html><body><form><input name='q'></form><p>x</p></body></html>")
    assert isinstance(tree, lxml.html.HtmlElement)
    assert all(isinstance(e, lxml.html.HtmlElement) for e in tree.iter())
    assert tree.find(".//p").text_content() == "x"


def test_rulebook_html_files_survive_the_cache(rulebook: Rulebook) -> None:
    again = pickle.loads(pickle.dumps(rulebook))
    for before, after in zip(rulebook.files, again.files, strict=True):
        assert before.html == after.html
        assert bool(before.html.removal) == bool(after.html.removal)


def test_decoding_does_not_import_trafilatura() -> None:
    code = (
        "import sys, cleaner.html.decode, cleaner.rulebook.load; "
        "print('trafilatura' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
