"""The sequence decoder: states from gold labels, kinds of step, the shipped table, decoding."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from cleaner.generic.decoder import (
    AFTER,
    BEFORE,
    EDGE_CLASSES,
    GAP,
    HEADING,
    ITEM,
    LABEL,
    LEAD_IN,
    LIST,
    PLAIN,
    PROSE,
    STATES,
    STEPS,
    STORY,
    TABLE,
    TEASER,
    decode,
    edge_class,
    edge_classes,
    load_decoder,
    states_of,
    story_lines,
    table_cells,
)
from cleaner.generic.region import TEMPLATE_LINE_SCORE, line_scores
from tests.conftest import FIXTURES, run_cleaner
from tests.test_region import PARAGRAPH, SECOND, THIRD


def test_gold_labels_become_before_story_gap_and_after() -> None:
    labels = [False, True, False, False, True, False]
    assert states_of(labels) == [BEFORE, STORY, GAP, GAP, STORY, AFTER]
    assert states_of([False, False]) == [BEFORE, BEFORE]


def test_a_tables_cells_below_the_story_start_are_in_the_table_state() -> None:
    labels = [True, True, True, False, True, True]
    cells = [True, True, True, True, True, False]
    # the first line opens the story; a cell after a gap reopens it
    assert states_of(labels, cells) == [STORY, TABLE, TABLE, GAP, STORY, STORY]


TABLE_ROWS = ["Age", "Smokers", "Change", "18-20", "12%", "-3%", "21-24", "19%", "-1%",
              "25-34", "23%", "+2%"]  # fmt: skip
"""A table written one cell per line, as a crude dump writes it: a header row, three rows."""


def test_a_table_written_one_cell_per_line_is_found_and_a_menu_is_not() -> None:
    texts = [PARAGRAPH, *TABLE_ROWS, SECOND, "Home", "World", "Business", "Sport", "Video",
             "Weather", "2024"]  # fmt: skip
    cells = table_cells(texts)
    assert cells[1 : 1 + len(TABLE_ROWS)] == [True] * len(TABLE_ROWS)
    assert not any(cells[:1]) and not any(cells[1 + len(TABLE_ROWS) :])
    # the same values in no order of rows are no table
    assert not any(table_cells(["12%", "Age", "Change", "-3%", "Smokers", "18-20", "Home"]))


def test_the_story_goes_through_a_table_between_two_paragraphs() -> None:
    """The cells score a little below zero one by one; in the table state they stay with
    the story, where a run of the same scores that is no table is a gap."""
    texts = ["Home", PARAGRAPH, *TABLE_ROWS, SECOND, "Contact us"]
    scores = [-12.0, 15.0, *[-1.5] * len(TABLE_ROWS), 15.0, -12.0]
    states = decode(texts, scores)
    assert states[2 : 2 + len(TABLE_ROWS)] == [TABLE] * len(TABLE_ROWS)
    assert story_lines(texts, scores) == list(range(1, len(texts) - 1))
    links = ["Share", "Tweet", "Email", "Print", "Save", "Comment", "More", "Follow", "Like",
             "Pin", "Send", "Copy"]  # fmt: skip
    texts = ["Home", PARAGRAPH, *links, SECOND, "Contact us"]
    assert story_lines(texts, scores) == [1, len(texts) - 2]


@pytest.mark.parametrize(
    ("previous", "line", "kind"),
    [
        ("The extension covers the following deadlines:", "- Individual returns", LEAD_IN),
        ("- Individual returns", "- Quarterly payments", LIST),
        ("Tags:", "supreme court", LABEL),
        ("What happens next", PARAGRAPH, HEADING),
        (
            "Suspect Arrested in Stockholm",
            "The man was known to the authorities but was not being actively monitored.",
            TEASER,
        ),
        (PARAGRAPH, SECOND, PROSE),
        ("Home", "World", PLAIN),
        (PARAGRAPH, "Share this article", PLAIN),
    ],
)
def test_each_pair_of_lines_has_its_kind_of_step(previous: str, line: str, kind: int) -> None:
    assert edge_class(previous, line) == kind


def test_the_shipped_table_is_a_probability_for_every_allowed_step() -> None:
    steps, weight = load_decoder()
    assert weight > 0
    for kind in range(len(EDGE_CLASSES)):
        for source in range(len(STATES)):
            allowed = [target for s, target in STEPS if s == source]
            total = sum(math.exp(steps[kind, source, target]) for target in allowed)
            assert total == pytest.approx(1.0, abs=1e-4)
            barred = [t for t in range(len(STATES)) if t not in allowed]
            assert np.all(np.isneginf(steps[kind, source, barred]))


def test_a_list_a_paragraph_leads_into_stays_with_the_story() -> None:
    """The items score a little below zero: after a lead-in, where a story seldom ends, they
    stay; the same lines after a line that leads into nothing go."""
    items = ["- June", "- July"]
    lead_in = [PARAGRAPH, "The extension covers the following deadlines:", *items]
    assert story_lines(lead_in, [20.0, 3.0, -0.4, -0.4]) == [0, 1, 2, 3]
    no_lead_in = [PARAGRAPH, "The extension covers the following deadlines", *items]
    assert story_lines(no_lead_in, [20.0, 3.0, -0.4, -0.4]) == [0, 1]


def test_the_story_resumes_after_an_inline_interruption() -> None:
    texts = ["Home", PARAGRAPH, "Read more: Council to vote on smoking ban", SECOND, "Contact us"]
    states = decode(texts, [-12.0, 15.0, -8.0, 15.0, -12.0])
    assert states == [BEFORE, STORY, GAP, STORY, AFTER]


def test_a_story_on_the_first_and_last_lines_pays_its_edges_like_any_other() -> None:
    """A weak line at either end of the text is dropped as it would be inside a dump: the
    text reads as if template stood around it."""
    texts = ["Share", PARAGRAPH, SECOND, "B"]
    assert story_lines(texts, [-4.0, 15.0, 15.0, -4.0]) == [1, 2]


def test_a_page_without_story_has_no_story_lines() -> None:
    assert story_lines(["Home", "World", "Sport"], [-4.0, -4.0, -4.0]) == []
    assert story_lines([], []) == []


def test_the_cli_keeps_a_table_written_one_cell_per_line(tmp_path: Path) -> None:
    """Through the real CLI: a story with a table between its paragraphs, in menus; the
    table's cells stay with the story, in order, and the menus go."""
    menu = ["Home", "World", "Business", "Sport", "Weather", "Video"]
    lines = [*menu, "Council Raises Smoking Age to 21", PARAGRAPH, "Smokers by age in the city:",
             *TABLE_ROWS, SECOND, THIRD, *menu, "© 2024 Example Media"]  # fmt: skip
    dump = tmp_path / "table-dump.txt"
    dump.write_text("\n\n".join(lines) + "\n", "utf-8")
    result = run_cleaner("clean", str(dump), text=True)
    assert result.returncode == 0, result.stderr
    body = result.stdout.strip().split("\n\n")
    assert body == [PARAGRAPH, "Smokers by age in the city:", *TABLE_ROWS, SECOND, THIRD]


def test_the_cli_keeps_a_closing_list_and_its_lead_in() -> None:
    """Through the real CLI: a Newsmax story that ends in a list keeps the lead-in and every
    item (the site rules drop the copyright line under it)."""
    case = FIXTURES / "newsmax" / "list-ending-2024-06.txt"
    result = run_cleaner("clean", str(case), text=True)
    assert result.returncode == 0, result.stderr
    body = result.stdout.split("\n\n")
    lead_in = body.index("The extension covers the following deadlines:")
    assert body[lead_in + 1 :] == [
        "- Individual returns due on June 15",
        "- Quarterly estimated payments due on June 17",
        "- Payroll and excise tax returns due on July 31",
        "- Contributions to retirement accounts for 2023\n",
    ]


# --- the batch's site templates, read by the region finder ------------------------------------

SITE_LINE = "The Town Crier is an independent weekly newspaper serving the towns of the valley."
"""Prose the line model takes for story at the end of a story: only a batch can tell that every
page of the site ends on it."""
MENU_LINES = ["Home", "News", "Sport", "Weather", "Video", "Contact"]


def test_a_site_template_line_scores_as_template_unless_the_model_is_sure_of_it() -> None:
    texts = [*MENU_LINES, PARAGRAPH, SECOND, THIRD, SITE_LINE, *MENU_LINES]
    plain = line_scores(texts)
    marked = line_scores(texts, site_template={SITE_LINE, SECOND}.__contains__)
    ending = texts.index(SITE_LINE)
    assert plain[ending] > 0 and marked[ending] == TEMPLATE_LINE_SCORE
    # the model is sure of the second paragraph: a site line or not, it is story
    assert marked[texts.index(SECOND)] == plain[texts.index(SECOND)] > 0
    assert story_lines(texts, plain)[-1] == ending
    assert story_lines(texts, marked)[-1] == texts.index(THIRD)


def site_pages(path: Path) -> Path:
    """Four pages of one site: each its own story (the paragraphs with another day in them),
    all ending on ``SITE_LINE`` inside the same menus."""
    records = []
    for n, day in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday")):
        body = [text.replace("30 days", f"{30 + n} days") for text in (PARAGRAPH, SECOND, THIRD)]
        body = [
            text.replace("Tuesday", day).replace("the vote", f"the {day} vote") for text in body
        ]
        lines = [*MENU_LINES, f"Headline number {n} of the day", *body, SITE_LINE, *MENU_LINES]
        url = f"https://www.towncrier.example/news/{n}"
        records.append({"id": f"p{n}", "url": url, "text": "\n\n".join(lines) + "\n"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


@pytest.mark.parametrize("mode", ["off", "flag", "remove"])
def test_a_batch_that_removes_site_templates_ends_the_story_before_them(
    tmp_path: Path, mode: str
) -> None:
    """Through the real CLI: with ``--site-templates remove`` the region finder itself reads the
    line every page of the site ends on as template, and drops it with the chrome; ``flag`` and
    ``off`` leave the text as the region finder alone finds it."""
    dump = site_pages(tmp_path / "site.jsonl")
    out = tmp_path / f"{mode}.jsonl"
    result = run_cleaner("clean", str(dump), "-o", str(out), "--site-templates", mode)
    assert result.returncode == 0, result.stderr.decode()
    for record in map(json.loads, out.read_text("utf-8").splitlines()):
        region_removed = [r["text"] for r in record["removed"] if r["rule"] == "generic.region"]
        assert (SITE_LINE in region_removed) == (mode == "remove"), record["id"]
        assert (SITE_LINE in record["text"]) == (mode != "remove"), record["id"]
        assert len(record["text"].split("\n\n")) == 3 + (mode != "remove"), record["id"]


def test_a_one_word_site_line_does_not_score_as_template() -> None:
    """A one-word line recurring on a site's pages is as often a piece of a sentence split at
    its links or a label of the content: it keeps its score."""
    texts = [*MENU_LINES, PARAGRAPH, "people", SECOND, THIRD, *MENU_LINES]
    plain = line_scores(texts)
    marked = line_scores(texts, site_template={"people"}.__contains__)
    assert marked == plain


SHOP_LINES = [
    "Every order ships within two working days from our warehouse, and you can return any "
    "item within thirty days for a full refund, no questions asked.",
    "Our hand-made chairs are built from solid oak grown in local forests, finished with "
    "natural oils and sold with a ten year guarantee on every joint.",
    "Our tables are made to measure in the workshop behind the shop, so each one can take "
    "the length, the height and the finish that your room calls for.",
]
"""What every page of a shop's catalogue shows: the catalogue's content, not a template."""


def shop_pages(path: Path) -> Path:
    """Four catalogue pages of one shop: a short line of their own over the lines every page
    of the shop shows (``SHOP_LINES``), which are most of each page."""
    records = []
    for n, item in enumerate(("chairs", "tables", "benches", "stools")):
        own = f"This week we have {n + 3} new {item} in stock, in oak and in walnut, for you."
        lines = [*MENU_LINES, f"Our {item}", own, *SHOP_LINES, *MENU_LINES]
        url = f"https://www.oakshop.example/catalogue/{item}"
        records.append({"id": f"p{n}", "url": url, "text": "\n\n".join(lines) + "\n"})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_lines_a_site_shows_on_every_page_stay_when_they_are_most_of_the_page(
    tmp_path: Path,
) -> None:
    """Through the real CLI: in a batch that removes site templates, lines recurring on every
    page of the shop are its content when scoring them as template would lose most of the
    page (``TEMPLATE_MAX_LOST_SHARE``): the pages keep them, as without the batch."""
    dump = shop_pages(tmp_path / "shop.jsonl")
    outputs = {}
    for mode in ("off", "remove"):
        out = tmp_path / f"{mode}.jsonl"
        result = run_cleaner("clean", str(dump), "-o", str(out), "--site-templates", mode)
        assert result.returncode == 0, result.stderr.decode()
        outputs[mode] = [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()]
    assert outputs["remove"] == outputs["off"]
    assert all(all(line in text for line in SHOP_LINES) for text in outputs["remove"])


def test_a_lists_later_items_without_bullets_are_steps_of_their_own_kind() -> None:
    """A crude dump drops a list's bullets: past its first item (a lead-in's step), each item
    is an ``ITEM`` step, counted apart from the ``PLAIN`` steps of a menu."""
    lead_in = [PARAGRAPH, "The extension covers the following deadlines:", "June", "July", "May"]
    assert edge_classes(lead_in, [False] * len(lead_in))[2:] == [LEAD_IN, ITEM, ITEM]
    menu = [PARAGRAPH, "Home", "World", "Business"]
    assert edge_classes(menu, [False] * len(menu))[2:] == [PLAIN, PLAIN]
