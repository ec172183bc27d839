"""A list of teasers under a short story (a headline and its one-sentence summary, again and
again) is template, though each summary reads as prose."""

from __future__ import annotations

import json
from pathlib import Path

from cleaner.generic.region import teaser_summaries
from tests.conftest import run_cleaner
from tests.test_comment_section import NAVIGATION, cleaned
from tests.test_generic_title import HEADLINE, STORY

LATEST = [
    "Latest News from the City Desk",
    "Yesterday at 9:59 p.m.",
    "Fragile Peace Accord Reached in Budget Fight",
    "All quiet on the council floor after two weeks of shouting over a spending plan that "
    "neither side had wanted to sign.",
    "Yesterday at 2:24 p.m.",
    "Suspect Arrested in Connection With Harbour Fire",
    "The 39-year-old man was known to the police but was not being actively watched at the "
    "time the warehouse caught fire.",
    "Yesterday at 11:30 a.m.",
    "School Board Delays Vote on Later Start Times",
    "Parents asked for more time to study the plan before the board makes up its mind on the "
    "new timetable for the autumn.",
    "Yesterday at 9:32 a.m.",
    "Mayor Says the New Bridge Will Open in the Spring",
    "The opening was moved twice after engineers found cracks in two of the supports that "
    "carry the road over the river.",
]


def test_the_summaries_of_a_teaser_list_go_with_it(tmp_path: Path) -> None:
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *STORY[:4], *LATEST, "About us"])
    assert body.split() == "\n\n".join(STORY[:4]).split()
    assert f"{LATEST[3]}  [generic.region]" in listing


def test_a_sub_heading_over_a_paragraph_is_no_teaser_list() -> None:
    texts = [HEADLINE, STORY[0], "What Happens Next", STORY[1], "Who Pays", STORY[2], *STORY[3:]]
    assert teaser_summaries(texts) == []
    listicle = list(LATEST)  # a listicle's numbered sections are its story
    for number, index in enumerate((2, 5, 8, 11), 1):
        listicle[index] = f"{number}. {LATEST[index]}"
    assert teaser_summaries([HEADLINE, *STORY[:4], *listicle]) == []
    texts = [HEADLINE, *STORY[:4], *LATEST]
    found = teaser_summaries(texts)
    assert {texts.index(LATEST[i]) for i in (3, 6, 9, 12)} <= set(found)
    assert min(found) > texts.index(STORY[3])


def test_a_teaser_lists_summaries_left_out_are_no_lost_story(tmp_path: Path) -> None:
    """The validator sees the list's shape on the input too: its summaries, though prose,
    are no story the lost-story estimates count (the headlines above them still are
    candidates, and other detectors may still note the summaries)."""
    dump = tmp_path / "dump.txt"
    dump.write_text("\n".join([*NAVIGATION, HEADLINE, *STORY[:4], *LATEST, "About us"]))
    result = run_cleaner("--no-bundled-sites", "clean", str(dump), "--format", "json", text=True)
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)["verdict"]
    estimated = {"model-lost-story", "page-prose-left"}  # what the lost estimates rest on
    lost = [f["text"] for f in verdict["findings"] if f["code"] in estimated]
    summaries = {LATEST[i] for i in (3, 6, 9, 12)}
    assert lost and not set(lost) & summaries
    assert verdict["status"] == "ok"
