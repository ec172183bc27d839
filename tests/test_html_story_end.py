"""trafilatura's and the block classifier's readings lose their last lines from blocks outside
the story's container (cleaner.html.story_end); lines inside it, and lines that match no block,
stay."""

from __future__ import annotations

from cleaner.html.blocks import body_blocks
from cleaner.html.parse import parse_html
from cleaner.html.story_end import MIN_HELD_WORDS, without_outside_tail, without_teaser_run

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


def links_page() -> str:
    """The blog post with a list of the firm's other posts after it, outside its container."""
    story = "".join(f"<p>{line}</p>" for line in STORY)
    links = "".join(f"<li><a href='/{n}'>{line}</a></li>" for n, line in enumerate(CONTACT))
    return (
        f"<html><body><div class='post'><div class='entry'>{story}</div></div>"
        f"<ul class='more'>{links}</ul></body></html>"
    )


def test_list_items_after_the_story_go_unless_they_may_be_the_pages_own() -> None:
    """trafilatura writes a list item as "- " and its text: such a line is the block of that
    text; on a product page (``list_items=False``) it stays as a line matching no block."""
    reading = "\n".join(STORY + [f"- {line}" for line in CONTACT])
    blocks = body_blocks(parse_html(links_page()))
    assert without_outside_tail(reading, blocks).split("\n") == STORY
    assert without_outside_tail(reading, blocks, list_items=False) == reading


def test_a_later_part_shaped_as_the_story_stays() -> None:
    assert trimmed(STORY, split_page()) == STORY


def test_the_block_readings_tail_goes_too(monkeypatch) -> None:
    """The block classifier's reading (route ``blocks``) is trimmed as trafilatura's is; a
    reading from the page's main container is left as read."""
    from cleaner.html import extract
    from cleaner.pipeline import make_document

    html, whole = page(), "\n".join(STORY + CONTACT)
    cases = (  # (the reading choice's route and text, the block reading, route, text out)
        (("trafilatura", STORY[0]), whole, "blocks", STORY),
        (("container", whole), whole, "container", STORY + CONTACT),
    )
    for chosen, reread, route, expected in cases:
        doc = make_document(html, None, "html")
        doc.tree = parse_html(html)
        doc.page_lines, doc.page_type = STORY + CONTACT, "service"
        monkeypatch.setattr(extract, "choose_reading", lambda *_, c=chosen: c)
        monkeypatch.setattr(extract, "blocks_or_reading", lambda *_, t=reread: t)
        text = extract.chosen_text(doc, doc.tree, extract.page_signals(doc.tree), True)
        assert (doc.route, text.split("\n")) == (route, expected)


def test_a_menu_is_no_story_container_for_the_block_reading() -> None:
    """A reading that kept the page's menu (most of its words, all links) keeps the hero
    text after it: link text does not count towards the story's container. On a listing,
    where it does (``linked_items``), the block reading is guarded as a menu and
    trafilatura's reading is trimmed."""
    items = [f"Manage and validate the {n} API specifications of your team" for n in range(12)]
    hero = ["The API platform", "Develop, test, manage and distribute APIs and services."]
    menu = "".join(f"<li><a href='/p{n}'>{item}</a></li>" for n, item in enumerate(items))
    html = (
        f"<html><body><nav><ul>{menu}</ul></nav>"
        f"<div class='hero'><h1>{hero[0]}</h1><p>{hero[1]}</p></div></body></html>"
    )
    blocks = body_blocks(parse_html(html))
    reading = "\n".join(items + hero)
    assert sum(len(item.split()) for item in items) >= MIN_HELD_WORDS
    assert without_outside_tail(reading, blocks) == reading
    assert without_outside_tail(reading, blocks, menus=True, linked_items=True) == reading
    assert without_outside_tail(reading, blocks, linked_items=True).split("\n") == items


def test_a_list_of_links_longer_than_the_story_goes_after_it() -> None:
    """A blog's list of its authors after the story, more words than the story but all links,
    is no part of the story's container; on a listing its links are the page's items."""
    names = [f"Author number {n} of the blog" for n in range(40)]
    authors = "".join(f"<li><a href='/a{n}'>{name}</a></li>" for n, name in enumerate(names))
    html = page().replace("</body>", f"<ul class='authors'>{authors}</ul></body>")
    blocks = body_blocks(parse_html(html))
    reading = "\n".join(STORY + names)
    assert sum(len(name.split()) for name in names) > sum(len(line.split()) for line in STORY)
    assert without_outside_tail(reading, blocks, menus=True).split("\n") == STORY
    assert without_outside_tail(reading, blocks, menus=True, linked_items=True) == reading


TEASERS = [
    line
    for n in range(3)
    for line in (
        f"Harbour news {n}: the ferry timetable changes",
        f"The ferry company said on Monday that {n + 2} crossings a day would stop at the new"
        " pier from May, after a year of work on the harbour wall.",
    )
]


def teaser_page(cards: int = 3, inside: bool = False) -> str:
    """The blog post, its story and contact block in one wrapper (the story's container is the
    wrapper: the teasers' prose outweighs a third of the reading), then a "Read This Next"
    strip of ``cards`` teaser cards, each a linked headline and an excerpt; with ``inside``
    the cards stand in the story's own element, as a listicle's items do."""
    story = "".join(f"<p>{line}</p>" for line in STORY)
    strip = "".join(
        f"<article class='card post-{n}'><h3><a href='/n{n}'>{TEASERS[2 * n]}</a></h3>"
        f"<div class='excerpt'><p>{TEASERS[2 * n + 1]}</p></div></article>"
        for n in range(cards)
    )
    if inside:
        return f"<html><body><div class='entry'>{story}{strip}</div></body></html>"
    return (
        f"<html><body><div id='content'><div class='entry'>{story}</div>"
        f"<div class='more'><h2>Read This Next</h2>{strip}</div></div></body></html>"
    )


def test_a_closing_run_of_teaser_cards_goes() -> None:
    """After the story, a run of three or more linked cards outside the element of the
    story's first lines, with short headings between, is a teaser list."""
    reading = "\n".join([*STORY, "Read This Next", *TEASERS])
    blocks = body_blocks(parse_html(teaser_page()))
    assert without_outside_tail(reading, blocks) == reading  # one container holds them all
    assert without_teaser_run(reading, blocks).split("\n") == STORY


def test_a_story_made_of_cards_and_a_run_of_two_stay() -> None:
    """A listicle's or a chart's items are cards inside the story's own element; two cards
    are a closing box, not a teaser list."""
    inside = "\n".join(STORY + TEASERS)
    assert without_teaser_run(inside, body_blocks(parse_html(teaser_page(inside=True)))) == inside
    two = "\n".join([*STORY, "Read This Next", *TEASERS[:4]])
    assert without_teaser_run(two, body_blocks(parse_html(teaser_page(cards=2)))) == two
