"""The verdict users filter on: the page's type, one verdict per document (``cleaner validate``
on a run's output gives the run's status), evidence for every fail, and the pages the issue
names: clean pages that must not fail and their broken counterparts that must.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleaner.cli.explain import EVIDENCE_MARK, render_explain
from cleaner.document import Document, Line
from cleaner.html.page_type import PAGE_TYPES, page_type, url_page_type
from cleaner.html.parse import parse_html
from cleaner.pipeline import clean
from cleaner.validate.verdict import validate, validate_text
from tests.conftest import FIXTURES, run_cleaner


def html(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


LD = '<script type="application/ld+json">{{"@type": "{}"}}</script>'
PROSE = (
    "The council voted on Tuesday to reopen the old library after a campaign that lasted "
    "three years and drew support from every school in the district. "
) * 4


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        (html(LD.format("DiscussionForumPosting")), "https://forum.example/t/help/12", "forum"),
        (html('<meta name="generator" content="Discourse 3.4">'), "https://x.example/", "forum"),
        (html(LD.format("Product")), "https://shop.example/products/mug", "product"),
        (html(LD.format("CollectionPage") + LD.format("Product")),
         "https://shop.example/collections/mugs", "collection"),
        (html('<meta name="generator" content="mkdocs-1.6.1">'),
         "https://lib.example/guide/", "documentation"),
        (html(LD.format("TechArticle")), "https://dev.example/x", "documentation"),
        (html(LD.format("NewsArticle"), f"<p>{PROSE}</p>"), "https://news.example/a/1", "article"),
        (html('<meta property="og:type" content="article">'), "https://b.example/p", "article"),
        (html(LD.format("ItemList")), "https://news.example/topics/rail", "listing"),
        (html(body=f"<p>{PROSE}</p>" * 9), "https://news.example/2024/story", "article"),
        (html(body="<p>We repair roofs. Call us today.</p>"), "https://roofs.example/services/",
         "service"),
    ],
    ids=lambda value: value if value in PAGE_TYPES else "",
)  # fmt: skip
def test_page_type_from_markup_and_url(page: str, url: str, expected: str) -> None:
    assert page_type(parse_html(page), url) == expected


def test_a_text_dump_has_a_type_only_when_its_url_says_one() -> None:
    assert url_page_type("https://community.example/t/a-thread/42") == "forum"
    assert url_page_type("https://docs.example/en/start") == "documentation"
    assert url_page_type("https://news.example/2024/05/story") == "unknown"
    assert url_page_type(None) == "unknown"
    assert clean("A line of text.\n\nAnother.", url=None).page_type == "unknown"


# --- one verdict per document ------------------------------------------------------------


def test_validate_on_a_runs_output_gives_the_runs_status(tmp_path: Path) -> None:
    """Batch-clean the fixture pages (text dumps and HTML) to JSONL through the CLI; ``cleaner
    validate`` on that output recomputes each document's verdict from its record."""
    pages = tmp_path / "pages"
    pages.mkdir()
    sources = [p for p in FIXTURES.rglob("*") if is_page(p)]
    for source in sources:
        shutil.copy(source, pages / f"{source.parent.name}-{source.name}")
    out = tmp_path / "out.jsonl"
    assert run_cleaner("clean", str(pages), "-o", str(out)).returncode == 0
    run = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    checked = run_cleaner("validate", "--format", "json", str(out), text=True)
    again = [json.loads(line) for line in checked.stdout.splitlines()]
    assert len(again) == len(run) >= len(sources) - 1 > 10
    for record in again:
        verdict = run[record["id"]]["verdict"]
        assert (record["status"], record["reason"], record["quality"]) == (
            verdict["status"], verdict["reason"], verdict["quality"],
        ), record["id"]  # fmt: skip
        assert "missing" not in record
    assert {r["verdict"]["status"] for r in run.values()} >= {"ok", "fail"}


def is_page(path: Path) -> bool:
    name = path.name
    if not path.is_file() or "expected" in name or name.startswith("README"):
        return False
    return name.endswith((".txt", ".html", ".html.gz"))


def test_a_body_alone_says_what_evidence_it_lacks(tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text(PROSE, "utf-8")
    result = run_cleaner("validate", str(body), text=True)
    assert "judged without the page and the removed lines" in result.stdout
    record = json.loads(run_cleaner("validate", "--format", "json", str(body), text=True).stdout)
    assert record["missing"] == ["page", "removed lines"]


def test_an_edited_body_is_judged_afresh(tmp_path: Path) -> None:
    """A record whose text no longer matches its verdict's basis is not judged on the basis."""
    doc = clean(f"{PROSE}\n\n{PROSE[::-1]}")
    record = doc.to_dict()
    record["text"] = PROSE
    path = tmp_path / "edited.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    verdict = json.loads(run_cleaner("validate", "--format", "json", str(path), text=True).stdout)
    assert verdict["missing"] == ["page"]


# --- the issue's pages: clean ones pass, broken ones fail with their evidence ----------------

MENU = (
    "Startseite", "Rathaus", "Bürgerservice", "Leben in Stuttgart", "Kultur", "Freizeit",
    "Wirtschaft", "Stadtentwicklung", "Verkehr", "Umwelt", "Bildung", "Soziales", "Gesundheit",
    "Sicherheit", "Tourismus", "Veranstaltungen", "Presse", "Karriere", "Kontakt", "Impressum",
    "Datenschutz", "Barrierefreiheit", "Leichte Sprache", "Gebärdensprache", "English", "Suche",
    "Anmelden", "Newsletter", "Öffnungszeiten", "Formulare",
)  # fmt: skip
SERVICE = (
    "Im Bürgerbüro Mitte können Sie Ihren Wohnsitz anmelden, einen Personalausweis oder "
    "Reisepass beantragen und eine Meldebescheinigung erhalten. Bitte bringen Sie zu jedem "
    "Termin einen gültigen Ausweis und alle nötigen Unterlagen mit, damit wir Ihr Anliegen "
    "zügig bearbeiten können.",
    "Termine vergeben wir online und telefonisch von Montag bis Freitag. Wer keinen Termin "
    "bekommen hat, kann am Donnerstagnachmittag ohne Anmeldung vorbeikommen; die Wartezeit "
    "kann dann allerdings länger sein. Barrierefreie Zugänge gibt es am Haupteingang und am Hof.",
)
STORY = (
    "Germany's parliament on Thursday approved a budget that raises spending on defense and "
    "rail while holding new borrowing within the limits set by the constitution, after weeks "
    "of wrangling inside the governing coalition.",
    "Finance Minister Christian Lindner said the plan showed that the government could invest "
    "in the country's future without burdening the next generation with debt, a promise his "
    "party had made during the campaign.",
    "Opposition lawmakers said the budget relied on optimistic growth forecasts and accounting "
    "tricks, and warned that cuts to social programs would hit the poorest households hardest "
    "in the coming winter.",
    "The vote came as the economy struggles with weak demand from China, high energy prices "
    "and a shortage of skilled workers, problems that economists say will not be solved by one "
    "year's spending plan.",
    "Industry groups welcomed the money set aside for rail and broadband, but said permits "
    "still take too long and that companies need planning certainty for more than one year at "
    "a time.",
    "The budget now goes to the upper house, where the states are expected to approve it next "
    "month after negotiating their share of the new funds for schools and hospitals.",
)
READ_MORE = (
    "Read more: Germany's economy shrinks for second year",
    "Read more: What the debt brake means for Germany",
)


def service_page() -> str:
    """A city's service page (as stuttgart.de's): a long menu, two clean paragraphs."""
    menu = "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(MENU))
    paragraphs = "".join(f"<p>{p}</p>" for p in SERVICE)
    return (
        "<html lang='de'><head><title>Bürgerbüro Mitte - Stadt Stuttgart</title></head><body>"
        f"<header><nav><ul>{menu}</ul></nav></header><main><h1>Bürgerbüro Mitte</h1>"
        f"{paragraphs}</main><footer><a href='/i'>Impressum</a></footer></body></html>"
    )


def story_page() -> str:
    """A news story (as dw.com's) with two "Read more: ..." links between its paragraphs."""
    parts = []
    for index, paragraph in enumerate(STORY):
        parts.append(f"<p>{paragraph}</p>")
        if index in (1, 3):
            parts.append(f"<p><a href='/more/{index}'>{READ_MORE[index // 2]}</a></p>")
    return (
        "<html><head><title>German parliament approves budget | DW</title>"
        "<meta property='og:type' content='article'></head><body><nav><a href='/'>Home</a>"
        "<a href='/world'>World</a></nav><article><h1>German parliament approves budget</h1>"
        f"{''.join(parts)}</article><footer>© 2024 Deutsche Welle</footer></body></html>"
    )


def test_a_service_page_with_two_clean_paragraphs_passes() -> None:
    doc = clean(service_page(), url="https://www.stuttgart.de/service/buergerbuero-mitte.php")
    assert doc.text == "\n\n".join(SERVICE)
    assert doc.page_type == "service"
    assert doc.verdict.status in ("ok", "warn"), doc.verdict.reason


def test_the_same_page_with_its_menu_kept_fails_on_the_menu(rulebook) -> None:
    verdict = validate_text("\n\n".join([*MENU, *SERVICE]), rulebook, removed=[])
    assert verdict.status == "fail"
    assert "junk" in verdict.reason and "Leben in Stuttgart" in verdict.reason
    menu_lines = {f.text for f in verdict.findings if f.kind == "kept-junk"}
    assert len(menu_lines & set(MENU)) >= len(MENU) // 2


def test_a_story_with_its_read_more_links_removed_passes() -> None:
    doc = clean(story_page(), url="https://www.dw.com/en/german-parliament-approves-budget/a-1")
    assert doc.page_type == "article"
    assert not any(line in doc.text for line in READ_MORE)
    assert all(paragraph in doc.text for paragraph in STORY)
    assert doc.verdict.status in ("ok", "warn"), doc.verdict.reason


def region_kept_only(texts: list[str] | tuple[str, ...], kept: int) -> Document:
    """A document of ``texts`` whose lines after the first ``kept`` the region finder removed,
    as the pipeline removes lines (``Document.remove``)."""
    lines = [Line(n, text) for n, text in enumerate(texts, 1)]
    doc = Document(raw="\n".join(texts), original=lines, lines=list(lines))
    doc.remove(lines[kept:], "generic.region")
    return doc


def story_that_lost_its_second_half() -> Document:
    """The story with its last three paragraphs removed by the region finder."""
    return region_kept_only(STORY, 3)


def test_a_story_that_lost_half_its_paragraphs_fails_on_them(rulebook) -> None:
    verdict = validate(story_that_lost_its_second_half(), rulebook)
    assert verdict.status == "fail"
    assert "removed" in verdict.reason and "input line " in verdict.reason
    lost = {f.original_line for f in verdict.findings if f.kind == "removed-story"}
    assert lost and lost <= {4, 5, 6}


def test_a_post_identical_to_its_original_passes(rulebook) -> None:
    post = "\n\n".join(STORY)
    doc = clean(post)
    assert doc.text == post and doc.verdict.status in ("ok", "warn"), doc.verdict.reason
    assert validate_text(post, rulebook, removed=[]).status in ("ok", "warn")


def cli_verdict(*args: str) -> dict:
    """The verdict the real CLI gives: ``cleaner clean ... --format json`` or ``cleaner
    validate --format json ...``."""
    result = run_cleaner(*args, "--format", "json", text=True)
    assert result.returncode in (0, 1), result.stderr
    record = json.loads(result.stdout)  # one document: one JSON object
    return record.get("verdict", record)


def test_the_issues_clean_pages_pass_through_the_cli(tmp_path: Path) -> None:
    """The stuttgart.de-style service page, the dw.com-style story with two "Read more" links
    removed, and a post identical to its original come out ``ok`` or ``warn``."""
    service, story, post = tmp_path / "service.html", tmp_path / "story.html", tmp_path / "p.txt"
    service.write_text(service_page(), "utf-8")
    story.write_text(story_page(), "utf-8")
    post.write_text("\n\n".join(STORY), "utf-8")
    url = "https://www.stuttgart.de/service/buergerbuero-mitte.php"
    checked = {
        "service": cli_verdict("clean", str(service), "--url", url),
        "story": cli_verdict("clean", str(story), "--url", "https://www.dw.com/en/budget/a-1"),
        "post": cli_verdict("clean", str(post)),
    }
    for name, verdict in checked.items():
        assert verdict["status"] in ("ok", "warn"), (name, verdict["reason"])
    assert checked["service"]["page_type"] == "service"
    assert checked["story"]["page_type"] == "article"


def test_the_issues_broken_pages_fail_through_the_cli(tmp_path: Path) -> None:
    """Their failing counterparts through ``cleaner validate``: a body that kept its menu, and
    a run's record whose body lost half its story (the removed lines in the record)."""
    menu = tmp_path / "menu.txt"
    menu.write_text("\n\n".join([*MENU, *SERVICE]), "utf-8")
    kept_menu = cli_verdict("validate", str(menu))
    assert kept_menu["status"] == "fail" and "junk" in kept_menu["reason"]
    record = {
        "id": "half",
        "text": "\n\n".join(STORY[:3]),
        "kept": [1, 2, 3],
        "removed": [
            {"line": n, "text": text, "rule": "generic.region"}
            for n, text in enumerate(STORY[3:], 4)
        ],
    }
    half = tmp_path / "half.jsonl"
    half.write_text(json.dumps(record) + "\n", "utf-8")
    lost = cli_verdict("validate", str(half))
    assert lost["status"] == "fail" and "removed" in lost["reason"]
    assert {f["original_line"] for f in lost["findings"] if f["kind"] == "removed-story"} <= {
        4, 5, 6,
    }  # fmt: skip


def test_explain_shows_the_reason_and_marks_the_evidence_lines(rulebook, tmp_path: Path) -> None:
    doc = story_that_lost_its_second_half()
    doc.verdict = validate(doc, rulebook)
    shown = render_explain(doc).splitlines()
    assert shown[1] == f"# verdict: fail (unknown page, quality {doc.verdict.quality:.2f}): " + (
        doc.verdict.reason
    )
    marked = [line for line in shown if line.endswith(f"{EVIDENCE_MARK} model-lost-story")]
    assert marked and all(line.split()[0] in ("4", "5", "6") for line in marked)
    page = tmp_path / "story.txt"
    page.write_text("\n\n".join(STORY), "utf-8")
    result = run_cleaner("explain", str(page), text=True)
    assert result.stdout.splitlines()[1].startswith("# verdict: ok (unknown page, quality ")


# --- the page's own evidence of a wrong block: its prose left out, its headline missing ------

TEASER = (
    "Subscribe to our weekly letter and get the best of the week's reporting in your inbox "
    "every Friday morning, with offers from our partners and early access to events.",
)


def dump_that_kept_a_teaser() -> Document:
    """A text dump whose body is a teaser block, the story's paragraphs left out far from it
    (a menu between them: out of reach of the estimate near the kept lines)."""
    return region_kept_only([*TEASER, *MENU, *STORY], 1)


def test_a_dump_that_left_most_of_its_prose_fails_on_the_prose_left(rulebook) -> None:
    verdict = validate(dump_that_kept_a_teaser(), rulebook)
    assert verdict.basis.page_lost is not None and verdict.basis.page_lost > 0.8
    assert verdict.lost_share >= verdict.basis.page_lost
    assert verdict.status == "fail" and "removed" in verdict.reason
    left = {f.original_line for f in verdict.findings if f.code == "page-prose-left"}
    story_lines = set(range(len(MENU) + 2, len(MENU) + 2 + len(STORY)))
    assert left and left <= story_lines


OTHER_STORIES = (
    "The city council agreed on Tuesday to keep the public pools open until the end of "
    "September, after residents collected thousands of signatures during a warm summer.",
    "Firefighters from three districts fought a blaze at a timber yard near the harbour for "
    "most of the night, and nobody was hurt, a spokesman for the fire service said.",
    "The regional orchestra announced a new conductor, who will lead her first concert in "
    "October with a programme of works by Brahms, Dvorak and a young local composer.",
    "Engineers began repairs on the old river bridge, which will be closed to cars for six "
    "weeks while buses and bicycles may still cross it during the day.",
    "A primary school in the north of the city won a national prize for its garden, where "
    "pupils grow vegetables that the school kitchen serves at lunch.",
    "Police asked drivers to avoid the ring road on Saturday, when a cycling race will close "
    "several junctions between eight in the morning and four in the afternoon.",
)
"""Other stories' summaries, as a list of teasers below a story holds them."""


def test_a_list_of_other_stories_left_out_is_no_lost_prose(rulebook) -> None:
    """Below the story, a list of other stories' teasers, each summary with its section,
    byline and date: left out, the summaries are no lost story (the short lines recur once per
    item). The same summaries left out as bare paragraphs are: that page fails."""
    teasers = ["More from the city"]
    for summary in OTHER_STORIES:
        teasers += ["Front Page", summary, "City desk", "19 December 2025"]
    listed = validate(region_kept_only([*STORY[:3], *teasers], 3), rulebook)
    assert listed.status != "fail", listed.reason
    assert not [f for f in listed.findings if f.code == "page-prose-left"]
    bare = validate(region_kept_only([*STORY[:3], *OTHER_STORIES], 3), rulebook)
    assert bare.basis.page_lost is not None and bare.basis.page_lost > 0.5
    assert bare.status == "fail" and "removed" in bare.reason


def test_a_carousel_printed_twice_left_out_is_no_lost_prose(rulebook) -> None:
    """A carousel of testimonials or teasers that the page prints twice (once per screen size),
    far below the story, is left out in both copies: no prose of the page lost. Printed once,
    the same paragraphs are most of the page's prose left out: the page fails on them."""
    twice = validate(region_kept_only([*STORY[:3], *MENU, *OTHER_STORIES, *OTHER_STORIES], 3),
                     rulebook)  # fmt: skip
    assert not twice.basis.page_lost  # none of the prose left out counts
    assert twice.status != "fail", twice.reason
    assert not [f for f in twice.findings if f.code == "page-prose-left"]
    once = validate(region_kept_only([*STORY[:3], *MENU, *OTHER_STORIES], 3), rulebook)
    assert once.basis.page_lost is not None and once.basis.page_lost > 0.5
    assert once.status == "fail" and "removed" in once.reason


def test_the_prose_left_is_in_the_record_and_validate_gives_the_runs_status(
    rulebook, tmp_path: Path
) -> None:
    """The run's record carries the share and its lines in the verdict's basis (a record
    alone does not hold the page): ``cleaner validate`` on it gives the run's verdict."""
    doc = dump_that_kept_a_teaser()
    doc.verdict = validate(doc, rulebook)
    record = doc.to_dict()
    assert record["verdict"]["basis"]["page_lost"] > 0.8
    path = tmp_path / "run.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    again = cli_verdict("validate", str(path))
    assert again["status"] == "fail" and "missing" not in again
    assert (again["reason"], again["quality"]) == (
        record["verdict"]["reason"], record["verdict"]["quality"],
    )  # fmt: skip
    assert any(f["code"] == "page-prose-left" for f in again["findings"])


def test_a_body_missing_the_headlines_words_counts_as_junk(rulebook) -> None:
    """An HTML page whose body is another block than its story (the headline's words are on
    the page but not in the body): the junk share is at least the headline's damped share."""
    texts = ["German parliament approves budget", *STORY, *SERVICE]
    lines = [Line(n, text) for n, text in enumerate(texts, 1)]
    doc = Document(raw="<html></html>", kind="html", original=lines, lines=list(lines),
                   title="German parliament approves budget", page_lines=texts)  # fmt: skip
    doc.remove(lines[: 1 + len(STORY)], "generic.region")
    verdict = validate(doc, rulebook)
    assert verdict.basis.headline_missing == 1.0
    assert verdict.junk_share >= 0.3
    whole = validate(story_page_document(texts), rulebook)
    assert whole.basis.headline_missing == 0.0 and whole.junk_share < 0.3


def story_page_document(texts: list[str]) -> Document:
    """The same page whose body is its headline and story."""
    lines = [Line(n, text) for n, text in enumerate(texts, 1)]
    doc = Document(raw="<html></html>", kind="html", original=lines, lines=list(lines),
                   title="German parliament approves budget", page_lines=texts)  # fmt: skip
    doc.remove(lines[1 + len(STORY) :], "generic.region")
    return doc


# --- the page's markup: kept blocks outside the main content ---------------------------------

TEASERS = (
    "Berlin's new airport opens after nine years of delays",
    "The long-awaited airport finally welcomed its first passengers on Saturday, years later "
    "than planned and billions over budget.",
    "Heat wave grips southern Europe as temperatures soar",
    "Spain, Italy and Greece issued warnings as the thermometer climbed past forty degrees in "
    "several cities this week.",
)
FOOTER = "© 2024 Deutsche Welle, all rights reserved"


def story_with_teasers_page() -> str:
    """A story in its <article>, then an aside of linked teasers and a footer."""
    story = "".join(f"<p>{p}</p>" for p in STORY)
    teasers = "".join(
        f"<li class='teaser'><h3><a href='/t/{n}'>{TEASERS[n]}</a></h3><p>{TEASERS[n + 1]}</p></li>"
        for n in (0, 2)
    )
    return (
        "<html><head><title>German parliament approves budget | DW</title>"
        "<meta property='og:type' content='article'></head><body><nav><a href='/'>Home</a>"
        "<a href='/world'>World</a></nav><article><h1>German parliament approves budget</h1>"
        f"{story}</article><aside class='related'><h2>Related stories</h2><ul>{teasers}</ul>"
        f"</aside><footer><p>{FOOTER}</p></footer></body></html>"
    )


def teaser_page_document(kept: int) -> Document:
    """The page with its first ``kept`` text lines kept, the rest removed."""
    texts = ["German parliament approves budget", *STORY, "Related stories", *TEASERS, FOOTER]
    lines = [Line(n, text) for n, text in enumerate(texts, 1)]
    doc = Document(raw=story_with_teasers_page(), kind="html", original=lines,
                   lines=list(lines), title="German parliament approves budget")  # fmt: skip
    doc.remove(lines[kept:], "generic.region")
    return doc


def test_kept_teasers_and_footer_lower_the_quality_with_the_markups_evidence(rulebook) -> None:
    """The story alone against the story with the related teasers and the footer kept: the
    markup reads more of the kept words as outside the content and as link text, and the
    quality drops."""
    story = validate(teaser_page_document(1 + len(STORY)), rulebook)
    padded = validate(teaser_page_document(2 + len(STORY) + len(TEASERS) + 1), rulebook)
    assert story.basis.block_junk is not None and story.basis.link_text == 0.0
    assert padded.basis.block_junk > story.basis.block_junk
    assert padded.basis.link_text > 0.0
    assert padded.quality < story.quality


def test_a_kept_block_the_classifier_reads_as_outside_is_evidence_on_its_line(
    rulebook, monkeypatch
) -> None:
    """Whatever the shipped classifier's weights, a kept block it gives less than
    BLOCK_JUNK_PROBABILITY of being content is a note on the body line that holds it (a note
    the record keeps; the text's own detectors flag it too, and the verdict shows the most
    severe finding); the story's blocks, read as content, are none."""
    from cleaner.validate import markup

    real = markup.kept_probabilities

    def footer_outside(blocks, kept, reading, page_type):
        probability = real(blocks, kept, reading, page_type)
        for row, i in enumerate(kept):
            if blocks[i].text == FOOTER:
                probability[row] = markup.BLOCK_JUNK_PROBABILITY / 5
        return probability

    monkeypatch.setattr(markup, "kept_probabilities", footer_outside)
    story = validate(teaser_page_document(1 + len(STORY)), rulebook)
    padded = validate(teaser_page_document(2 + len(STORY) + len(TEASERS) + 1), rulebook)
    footer = [f for f in padded.basis.evidence if f.code == "markup-junk"]
    assert [(f.text, f.line) for f in footer] == [(FOOTER, 2 * (2 + len(STORY) + 4) + 1)]
    assert not [f for f in story.basis.evidence if f.code == "markup-junk"]


def test_the_markups_evidence_is_in_the_record_and_validate_gives_the_runs_verdict(
    tmp_path: Path,
) -> None:
    page = tmp_path / "story.html"
    page.write_text(story_with_teasers_page(), "utf-8")
    out = tmp_path / "run.jsonl"
    assert run_cleaner("clean", str(page), "-o", str(out)).returncode in (0, 1)
    record = json.loads(out.read_text("utf-8"))
    basis = record["verdict"]["basis"]
    assert basis["block_junk"] is not None and basis["link_text"] is not None
    again = cli_verdict("validate", str(out))
    assert (again["status"], again["reason"], again["quality"]) == (
        record["verdict"]["status"], record["verdict"]["reason"], record["verdict"]["quality"],
    )  # fmt: skip


SECTION_TEASERS = (
    ("Berlin Marathon Draws Record Field Of Runners",
     "More than fifty thousand runners from around the world took part in the race on Sunday."),
    ("New Exhibition Opens At The Pergamon Museum",
     "The show brings together objects from five continents that have never been shown before."),
    ("Local Bakery Wins National Bread Award",
     "A family business in the north of the city was named the best bakery in the country."),
    ("Storm Warning Issued For The Baltic Coast",
     "Forecasters expect strong winds and heavy rain to reach the coast late on Tuesday night."),
)  # fmt: skip
"""Another section's teasers under the story: a headline and its one-sentence summary each."""


def removed_after_story(texts: list[str]) -> dict:
    """A run's record (no verdict basis) that kept the story's first three paragraphs and whose
    region finder removed ``texts`` after them."""
    return {
        "id": "teasers",
        "text": "\n\n".join(STORY[:3]),
        "kept": [1, 2, 3],
        "removed": [
            {"line": n, "text": text, "rule": "generic.region"} for n, text in enumerate(texts, 4)
        ],
    }


def test_removed_teaser_summaries_are_no_lost_story_through_validate(tmp_path: Path) -> None:
    """A list of teasers' summaries is template wherever it stands (the region finder's
    ``inline_template``): the integrity check and the lost-story estimate read it so too, from
    what the record carries; the same sentences removed without their headlines are story."""
    listed = [line for pair in SECTION_TEASERS for line in pair]
    path = tmp_path / "teasers.jsonl"
    path.write_text(json.dumps(removed_after_story(listed)) + "\n", "utf-8")
    verdict = cli_verdict("validate", str(path))
    assert verdict["status"] in ("ok", "warn"), verdict["reason"]
    summaries = {summary for _, summary in SECTION_TEASERS}
    assert not [f for f in verdict["findings"] if f["text"] in summaries]
    assert verdict["lost_share"] == 0.0
    bare = tmp_path / "bare.jsonl"
    bare.write_text(json.dumps(removed_after_story(sorted(summaries))) + "\n", "utf-8")
    lost = cli_verdict("validate", str(bare))
    assert {f["text"] for f in lost["findings"] if f["code"] == "over-stripped"} == summaries
    assert lost["lost_share"] > verdict["lost_share"]


def test_block_junk_over_the_knee_lowers_the_estimate_more_than_the_linear_weight() -> None:
    """Under the knee the markup's shares lower the log-odds linearly; past it each share of
    block junk lowers them by the excess weight more (``markup.BLOCK_JUNK_EXCESS_WEIGHT``)."""
    import math

    from cleaner.validate.markup import (
        BLOCK_JUNK_EXCESS_WEIGHT,
        BLOCK_JUNK_KNEE,
        BLOCK_JUNK_WEIGHT,
        markup_adjusted,
    )

    def odds(x: float) -> float:
        return math.log(x / (1 - x))

    raw = 0.95
    below = BLOCK_JUNK_KNEE - 0.1
    assert odds(markup_adjusted(raw, below, 0.0)) == pytest.approx(
        odds(raw) - BLOCK_JUNK_WEIGHT * below
    )
    above = BLOCK_JUNK_KNEE + 0.2
    assert odds(markup_adjusted(raw, above, 0.0)) == pytest.approx(
        odds(raw) - BLOCK_JUNK_WEIGHT * above - BLOCK_JUNK_EXCESS_WEIGHT * 0.2
    )
    assert markup_adjusted(raw, None, None) == raw  # no markup read: unchanged
