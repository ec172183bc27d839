"""A reading gets back the story's blocks it skipped between its lines (cleaner.html.story_gaps)."""

from __future__ import annotations

from cleaner.html.blocks import body_blocks
from cleaner.html.parse import parse_html
from cleaner.html.story_gaps import with_story_gaps

STORY = [
    f"Paragraph {n}: the council agreed on {n} new bus routes for the valley, to run every"
    f" twenty minutes from the spring and to stop at the hospital and the school."
    for n in range(6)
]
TABLE = ["Harbour line", "Departs hourly at quarter past", "Ridge line", "Departs daily at dawn"]
SIDEBAR = ["Latest news from the valley council", "Sign up for our weekly letter"]


def page() -> str:
    """A story whose container holds a timetable between its paragraphs, and a side box
    outside it."""
    first = "".join(f"<p>{line}</p>" for line in STORY[:3])
    rest = "".join(f"<p>{line}</p>" for line in STORY[3:])
    rows = "".join(
        f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in zip(TABLE[::2], TABLE[1::2], strict=True)
    )
    side = "".join(f"<div>{line}</div>" for line in SIDEBAR)
    return (
        f"<html><body><div class='entry'>{first}<table>{rows}</table>{rest}</div>"
        f"<div class='side'>{side}</div></body></html>"
    )


def filled(reading: list[str], html: str | None = None) -> list[str]:
    blocks = body_blocks(parse_html(html or page()))
    return with_story_gaps("\n".join(reading), blocks).split("\n")


def test_the_skipped_table_comes_back_in_its_place() -> None:
    assert filled(STORY) == STORY[:3] + TABLE + STORY[3:]


def test_blocks_outside_the_story_or_its_span_or_held_already_stay_out() -> None:
    assert filled(STORY[:3]) == STORY[:3]  # nothing skipped between its lines
    joined = " | ".join(TABLE)
    with_table = [*STORY[:3], joined, *STORY[3:]]
    assert filled(with_table) == with_table  # the reading holds the table in its own way
    reading = [*STORY, *SIDEBAR]
    assert filled(reading) == STORY[:3] + TABLE + STORY[3:] + SIDEBAR  # the side box: no gap


def test_a_story_shaped_block_only() -> None:
    """A ``div`` between the paragraphs (an address box, a product card) is no gap."""
    html = page().replace("<table>", "<div>Visit our depot on Mill Lane</div><table>")
    assert "Visit our depot on Mill Lane" not in filled(STORY, html)
