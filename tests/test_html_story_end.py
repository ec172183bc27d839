"""trafilatura's reading loses its last lines from blocks outside the story's container
(cleaner.html.story_end); lines inside it, and lines that match no block, stay."""

from __future__ import annotations

from cleaner.html.blocks import body_blocks
from cleaner.html.parse import parse_html
from cleaner.html.story_end import MIN_HELD_WORDS, without_outside_tail

STORY = [
    f"Paragraph {n}: the council agreed on {n} new bus routes for the valley, to run every"
    f" twenty minutes from the spring and to stop at the hospital and the school."
    for n in range(6)
]
CONTACT = [
    "Contact our office at 12 Harbour Road, Princeton, for a quote on your project.",
    "Offices in Princeton, Davao and Bengaluru.",
]


def page() -> str:
    """A firm's blog post: the story in its container, the contact block after it."""
    story = "".join(f"<p>{line}</p>" for line in STORY)
    contact = "".join(f"<p>{line}</p>" for line in CONTACT)
    return (
        f"<html><body><div class='post'><h1>Bus routes</h1><div class='entry'>{story}</div>"
        f"</div><div class='contact'>{contact}</div></body></html>"
    )


def split_page() -> str:
    """A news story the template splits into two parts around an advertisement."""
    first = "".join(f"<p>{line}</p>" for line in STORY[:5])
    return (
        f"<html><body><div class='story'><div class='part'>{first}</div>"
        "<div class='ad'>Advertisement</div></div>"
        f"<div class='part'><p>{STORY[5]}</p></div></body></html>"
    )


def trimmed(reading: list[str], html: str | None = None) -> list[str]:
    blocks = body_blocks(parse_html(html or page()))
    return without_outside_tail("\n".join(reading), blocks).split("\n")


def test_the_lines_after_the_story_from_outside_its_container_go() -> None:
    assert sum(len(line.split()) for line in STORY) >= MIN_HELD_WORDS
    assert trimmed(STORY + CONTACT) == STORY


def test_lines_inside_the_container_and_lines_matching_no_block_stay() -> None:
    reading = [CONTACT[0], *STORY, "A line trafilatura joined from two blocks."]
    assert trimmed(reading) == reading  # a leading line outside and an unmatched last line
    assert trimmed(STORY[:1] + CONTACT) == STORY[:1] + CONTACT  # too few words to tell


def test_a_later_part_shaped_as_the_story_stays() -> None:
    assert trimmed(STORY, split_page()) == STORY
