"""Which extraction an HTML page without a site ``body`` rule gets (cleaner.html.choice)."""

from __future__ import annotations

from cleaner.html.choice import choose_reading, page_signals
from cleaner.html.parse import parse_html
from cleaner.pipeline import clean
from cleaner.rulebook.load import Rulebook

COURSES = [f"Course {n}: an introduction to subject number {n}" for n in range(1, 13)]
LISTING = (
    "<html><head><title>Courses</title></head><body>"
    "<header><a href='/'>Home</a> <a href='/about'>About us</a></header>"
    "<nav><a href='/a'>Menu one</a><a href='/b'>Menu two</a></nav>"
    "<main><h1>All our courses</h1>"
    "<p>Every course below runs online and can be finished in one afternoon of study.</p><ul>"
    + "".join(f"<li><a href='/c{n}'>{c}</a></li>" for n, c in enumerate(COURSES))
    + "</ul><div class='share-bar'>Share on Facebook</div></main>"
    "<footer>Copyright 2026 Example College</footer></body></html>"
)
ARTICLE_LD = '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'


def fixed_text(text: str):
    """A stand-in for trafilatura that reads ``text`` in both modes."""
    return lambda favor_recall: text


def tree_and_signals(page: str) -> tuple:
    tree = parse_html(page)
    return tree, page_signals(tree)


def generic_rulebook() -> Rulebook:
    from cleaner.pipeline import default_rulebook

    return Rulebook(list(default_rulebook().generic))


def test_page_signals_read_og_type_json_ld_and_itemtype() -> None:
    page = (
        "<html><head><meta property='og:type' content='website'>"
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": ["Product"], "name": "Kettle"}</script></head>'
        "<body><div itemtype='https://schema.org/Offer'>12 EUR</div></body></html>"
    )
    signals = page_signals(parse_html(page))
    assert {"website", "product", "offer"} <= signals.types
    assert signals.is_product and not signals.is_article


def test_listing_gets_its_main_container_without_template() -> None:
    reading, text = choose_reading(*tree_and_signals(LISTING), fixed_text("All our courses"))
    assert reading == "container"
    assert all(course in text for course in COURSES)
    for chrome in ("Menu one", "About us", "Copyright 2026", "Share on Facebook"):
        assert chrome not in text


def test_article_keeps_trafilatura_text() -> None:
    page = LISTING.replace("<title>", ARTICLE_LD + "<title>")
    reading, text = choose_reading(*tree_and_signals(page), fixed_text("All our courses"))
    assert (reading, text) == ("trafilatura", "All our courses")


def test_page_without_main_container_keeps_trafilatura_text() -> None:
    page = LISTING.replace("<main>", "<div>").replace("</main>", "</div>")
    reading, _ = choose_reading(*tree_and_signals(page), fixed_text("All our courses"))
    assert reading == "trafilatura"


def test_container_reading_leaves_the_page_tree_whole() -> None:
    tree, signals = tree_and_signals(LISTING)
    choose_reading(tree, signals, fixed_text(""))
    assert tree.find(".//nav") is not None and tree.find(".//footer") is not None


def test_listing_page_keeps_its_list_through_the_pipeline() -> None:
    doc = clean(LISTING, kind="html", rulebook=generic_rulebook())
    assert all(course in doc.text for course in COURSES)


FORUM = (
    '<html><head><script type=\'application/ld+json\'>{"@type": "DiscussionForumPosting"}'
    "</script></head><body><div id='comments'><div class='comment'>"
    "<p>My new case arrived today and the front panel rattles whenever the fans spin up.</p>"
    "<p>Has anyone else seen this, and did support replace the panel for you?</p>"
    "</div></div></body></html>"
)


def test_forum_posts_survive_the_generic_comment_strip() -> None:
    doc = clean(FORUM, kind="html", rulebook=generic_rulebook())
    assert "front panel rattles" in doc.text
    no_markup = FORUM.replace("DiscussionForumPosting", "WebPage")
    assert page_signals(parse_html(FORUM)).is_discussion
    assert not page_signals(parse_html(no_markup)).is_discussion


def test_recall_reading_when_the_default_kept_little_and_recall_keeps_more() -> None:
    page = LISTING.replace("<main>", "<div>").replace("</main>", "</div>")
    short, longer = "All our courses", "All our courses\n" + "\n".join(COURSES)
    texts = {False: short, True: longer}
    reading, text = choose_reading(*tree_and_signals(page), lambda recall: texts[recall])
    assert (reading, text) == ("recall", longer)
    two_courses = " ".join(COURSES[:2])
    same = {False: two_courses, True: two_courses + " here"}
    reading, _ = choose_reading(*tree_and_signals(page), lambda recall: same[recall])
    assert reading == "trafilatura"


def test_each_record_names_its_route_and_the_summary_counts_them(tmp_path) -> None:
    """Through the CLI: the course listing is read by the block classifier (a collection
    page), the article by trafilatura; each record says so and the batch report counts them."""

    from tests.conftest import cleaned_batch

    story = "".join(
        f"<p>Paragraph {n} of the story tells the reader what happened at the harbour.</p>"
        for n in range(8)
    )
    article = (
        f"<html><head>{ARTICLE_LD}<title>Harbour</title></head><body><article><h1>Harbour"
        f"</h1>{story}</article><footer>Copyright 2026 Example News</footer></body></html>"
    )
    pages = [("listing", LISTING), ("article", article)]
    records, report, stderr = cleaned_batch(tmp_path, pages)
    routes = (records["listing"]["route"], records["article"]["route"])
    assert routes == ("blocks", "trafilatura")
    assert report["routes"] == {"blocks": 1, "trafilatura": 1}
    assert "HTML routes: " in stderr
