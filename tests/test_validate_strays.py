"""The validator on single stray lines and lost edges (the planted mutations of
bench/mutations.py): a label, teaser or widget line put into a clean body is a doubt, a gold
body's own deck, brief, split sentence and sub-headings are not; a lede or last paragraph the
region finder cut off is a doubt."""

from __future__ import annotations

import json

import pytest

from cleaner.document import Document, Line, Removal
from cleaner.validate.verdict import Verdict, validate, validate_text
from tests.conftest import run_cleaner
from tests.test_validate import PARA, body

TITLE = "Putin to visit North Korea"


def on_line(verdict: Verdict, index: int) -> list[tuple[str, str]]:
    """(code, severity) of the findings on paragraph ``index`` of a text joined by ``body``."""
    return [(f.code, f.severity) for f in verdict.findings if f.line == 2 * index + 1]


@pytest.mark.parametrize("label", ["Popular links", "Newsletter abonnieren", "Your e-mails"])
def test_a_label_between_paragraphs_that_the_line_model_reads_as_chrome_warns(
    rulebook, label: str
) -> None:
    lines = [*PARA[:2], label, *PARA[2:]]
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert verdict.status == "warn"
    assert ("stray-line", "medium") in on_line(verdict, 2), verdict.findings


def test_a_sub_heading_between_paragraphs_stays_ok(rulebook) -> None:
    """A sub-heading echoes the story's words; the line model alone, reading a short story
    with one short line in it, would take it for chrome."""
    for heading in ("North Korean shells", "Missiles from Pyongyang", "Comrades in Moscow"):
        verdict = validate_text(body(*PARA[:2], heading, *PARA[2:]), rulebook, TITLE)
        assert verdict.status == "ok", (heading, verdict.findings)


def test_a_body_ending_on_a_colon_label_warns(rulebook) -> None:
    verdict = validate_text(body(*PARA, "Release Date:"), rulebook, TITLE)
    assert ("stray-line", "medium") in on_line(verdict, len(PARA))


def test_a_dateline_still_opens_a_story(rulebook) -> None:
    verdict = validate_text(body("Moscow:", *PARA), rulebook, TITLE)
    assert verdict.status == "ok", verdict.findings


def test_the_rest_of_a_sentence_split_at_a_link_is_no_off_topic_line(rulebook) -> None:
    """Crawls split a sentence where a link stood ('... to fight in' / 'Afghanistan and' /
    'Iraq.'): the pieces are the story's prose, not labels."""
    lines = [*PARA[:2], "The costs could approach what was spent to fight in", "Afghanistan and",
             "Iraq.", *PARA[2:]]  # fmt: skip
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert on_line(verdict, 3) == [], verdict.findings


def test_a_deck_under_a_known_headline_is_a_note(rulebook) -> None:
    """With the headline known (and not left in the body), an opening line on the story's
    topic is its deck, which the golds keep; without it, the line may be the headline."""
    deck = "PUTIN HEADS TO PYONGYANG"
    assert on_line(validate_text(body(deck, *PARA), rulebook, TITLE), 0) == [("stray-line", "low")]
    untitled = validate_text(body(deck, *PARA), rulebook)
    assert untitled.status == "warn" and on_line(untitled, 0), untitled.findings


def test_a_finished_brief_is_no_stub(rulebook) -> None:
    brief = validate_text(body(PARA[0], PARA[1], PARA[2]), rulebook)
    assert brief.status == "ok" and ("too-short", "low") in on_line(brief, 0)
    unfinished = "Putin and Kim are expected to sign a partnership treaty"
    stub = validate_text(body(PARA[0], PARA[1], unfinished), rulebook)
    assert stub.status == "warn" and ("too-short", "medium") in on_line(stub, 0)


STORY = [
    "Kim Jong Un welcomed Vladimir Putin at Pyongyang's airport in the early hours of"
    " Wednesday, the first visit by a Russian leader to North Korea in 24 years.",
    *PARA,
    "Putin is expected to travel on to Vietnam on Thursday after his talks with Kim in"
    " Pyongyang, the Kremlin said in a statement.",
]


def cut_document(doomed: int) -> Document:
    """STORY as the cleaner leaves it when the region finder cut off paragraph ``doomed``."""
    lines = [Line(n, text) for n, text in enumerate(STORY, 1)]
    doc = Document(raw="\n".join(STORY), original=lines, title=TITLE)
    doc.lines = [line for line in lines if line.number != doomed]
    doc.removed = [Removal(doomed, STORY[doomed - 1], "generic.region", "region")]
    return doc


@pytest.mark.parametrize("doomed", [1, len(STORY)])
def test_a_lede_or_last_paragraph_cut_off_by_the_region_finder_warns(rulebook, doomed) -> None:
    verdict = validate(cut_document(doomed), rulebook)
    lost = [f for f in verdict.findings if f.code == "over-stripped"]
    assert verdict.status != "ok" and lost and lost[0].severity == "medium", verdict.findings
    assert lost[0].original_line == doomed


def test_the_cli_flags_a_label_put_into_a_story(tmp_path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(body(*PARA), "utf-8")
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(body(*PARA[:2], "Popular links", *PARA[2:]), "utf-8")
    result = run_cleaner("validate", "--format", "json", str(clean), str(dirty), text=True)
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["status"] for v in verdicts] == ["ok", "warn"], result.stdout
    found = verdicts[1]["findings"]
    assert any(f["line"] == 5 and f["code"] == "stray-line" for f in found), found


GERMAN = [
    "Der Kreml hat am Freitag bestätigt, dass die Reise des Präsidenten nach Pjöngjang noch"
    " in dieser Woche beginnen wird.",
    "Russland und Nordkorea sind sich seit dem Beginn des Krieges in der Ukraine näher"
    " gekommen, auch wenn beide Seiten das nicht offen sagen.",
    "Washington und Kiew werfen Moskau vor, mit Raketen aus Nordkorea auf ukrainische"
    " Städte zu schießen, was der Kreml bestreitet.",
]


@pytest.mark.parametrize(
    "widget",
    [
        "Ist dieser Beitrag hilfreich?",
        "Hole dir jetzt das kostenlose Ebook.",
        "und Vorteile sichern!",
    ],
)
def test_a_line_in_another_language_than_the_story_warns(rulebook, widget: str) -> None:
    verdict = validate_text(body(*PARA[:2], widget, *PARA[2:]), rulebook, TITLE)
    assert verdict.status == "warn", verdict.findings
    assert ("foreign-line", "medium") in on_line(verdict, 2), verdict.findings


def test_an_english_widget_in_a_german_story_warns(rulebook) -> None:
    question = "Which networks do you use for the lowest fees?"
    verdict = validate_text(body(*GERMAN, question), rulebook)
    assert ("foreign-line", "medium") in on_line(verdict, len(GERMAN)), verdict.findings
    alone = validate_text(body(*GERMAN), rulebook)
    assert not [f for f in alone.findings if f.code == "foreign-line"], alone.findings


@pytest.mark.parametrize(
    "line",
    [
        "Los Angeles Times",  # a name's particles are capitalised
        "Reporting from Des Moines and Los Angeles",
        'Her banner read "Es una vergüenza para todos," and the crowd cheered as she spoke.',
    ],
)
def test_names_and_quoted_phrases_are_no_foreign_line(rulebook, line: str) -> None:
    verdict = validate_text(body(*PARA[:2], line, *PARA[2:]), rulebook, TITLE)
    assert not [f for f in verdict.findings if f.code == "foreign-line"], verdict.findings


def test_a_body_too_short_to_tell_its_language_has_no_foreign_line(rulebook) -> None:
    verdict = validate_text(body(PARA[0], "Videos zum Thema"), rulebook, TITLE)
    assert not [f for f in verdict.findings if f.code == "foreign-line"], verdict.findings


def test_the_cli_flags_a_line_in_another_language(tmp_path) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(body(*PARA[:2], "Ist dieser Beitrag hilfreich?", *PARA[2:]), "utf-8")
    result = run_cleaner("validate", "--format", "json", str(dirty), text=True)
    verdict = json.loads(result.stdout.splitlines()[0])
    assert verdict["status"] == "warn", result.stdout
    found = [f for f in verdict["findings"] if f["code"] == "foreign-line"]
    assert [f["line"] for f in found] == [5], verdict["findings"]


HIGHLIGHTS = [
    "Story Highlights",
    "Kremlin says Putin's visit to North Korea is being prepared",
    "Russia and North Korea have grown closer since the invasion of Ukraine",
]


@pytest.mark.parametrize(
    "opening", [HIGHLIGHTS, ["WASHINGTON --"], ["Guwahati:"]], ids=["highlights", "dash", "colon"]
)
def test_a_label_stacked_on_the_story_s_own_opening_warns(rulebook, opening) -> None:
    """A story opens once: a dateline line or a highlights list's label. A label above it is
    chrome, though the line after it is no prose."""
    verdict = validate_text(body("Sponsored Account", *opening, *PARA), rulebook, TITLE)
    assert verdict.status != "ok", verdict.findings
    assert ("stray-line", "high") in on_line(verdict, 0), verdict.findings
    alone = validate_text(body(*opening, *PARA), rulebook, TITLE)
    assert alone.status == "ok", alone.findings


def test_a_deck_above_a_dateline_is_a_note_only(rulebook) -> None:
    """A deck that shares the story's words is kept by the golds, wherever the story opens."""
    deck = "Putin visit to Pyongyang prepared"
    verdict = validate_text(body(deck, "MOSCOW --", *PARA), rulebook, TITLE)
    assert verdict.status == "ok", verdict.findings
    assert ("stray-line", "low") in on_line(verdict, 0), verdict.findings


def test_the_cli_flags_a_label_above_story_highlights(tmp_path) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(body("Join our circle on Google Plus", *HIGHLIGHTS, *PARA), "utf-8")
    result = run_cleaner("validate", "--format", "json", str(dirty), text=True)
    verdict = json.loads(result.stdout.splitlines()[0])
    assert verdict["status"] != "ok", result.stdout
    assert any(f["line"] == 1 and f["code"] == "stray-line" for f in verdict["findings"])


def test_a_long_unpunctuated_teaser_between_paragraphs_is_high(rulebook) -> None:
    """Another story's headline runs to sixteen words; without any sentence mark it is no
    paragraph that lost its full stop."""
    teaser = "School district announces new start times for the coming academic term"
    verdict = validate_text(body(*PARA[:2], teaser, *PARA[2:]), rulebook, TITLE)
    assert ("off-topic-line", "high") in on_line(verdict, 2), verdict.findings


def test_a_line_the_next_line_continues_is_no_off_topic_line(rulebook) -> None:
    """A sentence split across lines ('The practice is legendary, and duty' / 'calls ...')
    is prose, whatever words its first piece holds."""
    lines = [*PARA[:2], "The practice is legendary, and duty", "calls every spring.", *PARA[2:]]
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert on_line(verdict, 2) == [], verdict.findings


def test_a_sentence_split_at_the_top_is_no_stacked_label(rulebook) -> None:
    lines = ["In his heavily favored", "bid to be governor,", *PARA]
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert ("stray-line", "high") not in on_line(verdict, 0), verdict.findings


def test_another_storys_teaser_warns_wherever_it_stands(rulebook) -> None:
    """A headline-length unpunctuated line sharing no word with the story is another story's
    teaser, also beside a short line or at the body's edge, where it is no isolated one."""
    teaser = "School district announces new start times for the coming academic term"
    for lines in ([*PARA[:2], teaser, *PARA[2:]], [*PARA, teaser], [teaser, *PARA]):
        verdict = validate_text(body(*lines), rulebook, TITLE)
        assert verdict.status == "warn", (lines.index(teaser), verdict.findings)
        assert any(s != "low" for _, s in on_line(verdict, lines.index(teaser)))


def test_a_question_off_the_story_warns_but_a_short_question_heading_stays_ok(rulebook) -> None:
    prompt = "Why do I keep finding more new rocks in my garden every spring?"
    verdict = validate_text(body(*PARA[:2], prompt, *PARA[2:]), rulebook, TITLE)
    assert ("stray-line", "medium") in on_line(verdict, 2), verdict.findings
    heading = validate_text(body(*PARA[:2], "So what changes now?", *PARA[2:]), rulebook, TITLE)
    assert on_line(heading, 2) == [] and heading.status == "ok", heading.findings


def test_a_passage_sharing_no_word_with_a_long_story_warns(rulebook) -> None:
    """A notice sharing not one word with a story of six paragraphs, which the line model
    doubts, warns; the story without it is ok."""
    notice = (
        "Please make sure your browser accepts cookies so that you can sign in to your account."
    )
    story = [*PARA, "Putin last visited Pyongyang in 2000, when Kim Jong Il led North Korea."]
    verdict = validate_text(body(*story[:3], notice, *story[3:]), rulebook, TITLE)
    assert verdict.status == "warn" and on_line(verdict, 3), verdict.findings
    clean = validate_text(body(*story), rulebook, TITLE)
    assert clean.status == "ok", clean.findings


def test_a_credit_line_is_a_note(rulebook) -> None:
    """A credit line closing or standing in the story ('With Post wires') is kept by the golds:
    a note, not a doubt."""
    verdict = validate_text(body(*PARA[:2], "With Post wires", *PARA[2:]), rulebook, TITLE)
    assert verdict.status == "ok", verdict.findings


def test_a_deck_the_story_repeats_is_a_note_but_a_copy_further_down_is_high(rulebook) -> None:
    """A deck printed above the story whose sentence the next paragraphs repeat (a big9 gold
    keeps it) is a note on the deck; the same line copied after the story stays a copy."""
    deck = validate_text(body(PARA[1], PARA[0], PARA[1], PARA[2], PARA[3]), rulebook, TITLE)
    assert on_line(deck, 0) == [("duplicate-paragraph", "low")], deck.findings
    assert on_line(deck, 2) == [], deck.findings
    assert deck.status == "ok", deck.findings
    lines = [PARA[1], PARA[0], PARA[2], PARA[3], PARA[0], PARA[2], PARA[1], PARA[3]]
    copied = validate_text(body(*lines), rulebook, TITLE)
    assert ("duplicate-paragraph", "high") in on_line(copied, 6), copied.findings


@pytest.mark.parametrize(
    "teaser",
    [
        "Russian President Vladimir Putin's Rare Visit to North Korea",
        "Kremlin Says Putin Will Visit Pyongyang Soon",
    ],
)
def test_a_title_cased_headline_between_paragraphs_warns(rulebook, teaser: str) -> None:
    """Another story's headline warns even when it shares the story's words (one that shares
    none is high: ``test_off_topic_line``)."""
    verdict = validate_text(body(*PARA[:2], teaser, *PARA[2:]), rulebook, TITLE)
    assert ("off-topic-line", "medium") in on_line(verdict, 2), verdict.findings
    assert verdict.status == "warn"


@pytest.mark.parametrize(
    "line",
    ["Laura Bush, Vice President", "Prelate Bernhard Felmberg (EKD)", "Missiles From Pyongyang"],
)
def test_a_name_with_its_role_or_a_short_title_cased_heading_stays_ok(rulebook, line) -> None:
    verdict = validate_text(body(*PARA[:2], line, *PARA[2:]), rulebook, TITLE)
    assert not [f for f in verdict.findings if f.detector == "structure.headline-between"]


@pytest.mark.parametrize(
    "teaser",
    ["Kremlin spokesman faces questions on Friday", "Peskov briefs reporters at the Kremlin"],
)
def test_a_headline_naming_nothing_around_it_warns(rulebook, teaser: str) -> None:
    """Another story's teaser or a caption shares no word with the paragraphs it fell between,
    though it shares the story's words elsewhere (the off-topic test passes it)."""
    verdict = validate_text(body(*PARA[:3], teaser, *PARA[3:]), rulebook, TITLE)
    found = [f for f in verdict.findings if f.line == 7]
    assert [(f.detector, f.severity) for f in found] == [("structure.heads-nothing", "medium")]
    assert verdict.status == "warn"


def test_a_sub_heading_naming_its_section_stays_ok(rulebook) -> None:
    verdict = validate_text(body(*PARA[:3], "Travel and pandemic rules eased", *PARA[3:]),
                            rulebook, TITLE)  # fmt: skip
    assert verdict.status == "ok", verdict.findings


def test_a_body_that_heads_its_sections_has_no_heading_of_nothing(rulebook) -> None:
    """A how-to or a review heads each section, and its headings need not repeat the
    section's words: with two or more, none is taken for a stray teaser."""
    lines = [PARA[0], PARA[1], "Ukraine invasion anniversary marked quietly", PARA[2],
             "Weather and other distractions", PARA[3]]  # fmt: skip
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert not [f for f in verdict.findings if f.detector == "structure.heads-nothing"]


@pytest.mark.parametrize("label", ["Russia News Radio", "Moscow Weather"])
def test_a_line_the_line_model_reads_as_chrome_warns_whatever_it_shares(rulebook, label) -> None:
    """A show's or a widget's title names the story's country; the line model's reading of it
    as chrome is enough between paragraphs (``FRAGMENT_PROBABILITY``)."""
    verdict = validate_text(body(*PARA[:2], label, *PARA[2:]), rulebook, TITLE)
    assert [(f.detector, f.severity) for f in verdict.findings if f.line == 5] == [
        ("structure.model-fragment", "medium")
    ]
    assert verdict.status == "warn"


def test_pieces_of_a_sentence_split_at_links_are_no_fragments(rulebook) -> None:
    lines = [*PARA[:2], "In 1987, the", "Supreme Soviet", "Democrats piled on the blame. Party",
             "leader Nancy Pelosi said the vote was lost.", *PARA[2:]]  # fmt: skip
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert not [f for f in verdict.findings if f.detector == "structure.model-fragment"]
