"""The body-region finder: per-line scores, the best run, secondary runs, and idempotence."""

from __future__ import annotations

import random

import pytest

from cleaner.document import Document, Line
from cleaner.generic.region import (
    author_bio_start,
    is_comment_marker,
    is_disclaimer,
    is_photo_credit,
    is_positioned_caption,
    is_site_prompt,
    keep_best_region,
    line_scores,
    related_boxes,
)
from cleaner.linemodel.hand import (
    REGION_JUNK_PENALTY,
    REGION_REPEAT_MIN,
    RegionScan,
    best_in,
    best_region,
    hand_scores,
    line_score,
    story_regions,
)
from cleaner.pipeline import clean
from cleaner.rulebook.load import Rulebook

PARAGRAPH = (
    "The council voted on Tuesday to raise the minimum age for buying cigarettes from 18 to 21, "
    "making the city by far the most populous place in the country with such a limit."
)
SECOND = (
    "Critics of the measure have argued that young people may simply turn to the black market, "
    "and shop owners said they had not been consulted before the vote was held."
)
THIRD = (
    "The mayor, who supported the bill, has 30 days to sign it into law, and the measure would "
    "then come into effect after another six months."
)
MENU = ["Home", "World", "Business", "Sport", "Weather", "Video"]
TEASERS = [
    "Senate Confirms New Judge",
    "The vote ends a long fight over the seat.",
    "4/7/2017 at 12:50 p.m.",
    "Storm Leaves Thousands Without Power",
    "Crews expect to restore most lines by Friday.",
    "4/7/2017 at 11:58 a.m.",
]


def document(lines: list[str]) -> Document:
    text = "\n".join(lines)
    doc = Document(raw=text)
    doc.original = [Line(n, t) for n, t in enumerate(lines, 1)]
    doc.lines = [line for line in doc.original if line.text.strip()]
    return doc


def kept(doc: Document) -> list[str]:
    return [line.text for line in doc.lines]


def test_a_story_paragraph_scores_up_and_chrome_down() -> None:
    assert line_score(PARAGRAPH) > 0
    assert line_score("Home") == -REGION_JUNK_PENALTY


def test_a_short_teaser_snippet_earns_less_than_a_paragraph() -> None:
    snippet = "Crews expect to restore most of the lines by Friday, officials said."
    assert 0 <= line_score(snippet) < line_score(PARAGRAPH)


def test_a_line_the_page_repeats_is_template() -> None:
    assert line_score("Like", repeats=REGION_REPEAT_MIN) < line_score("Like", repeats=1)
    scores = hand_scores(["Like", PARAGRAPH, "Like", SECOND, "Like"])
    assert scores[0] == scores[2] == scores[4] < -REGION_JUNK_PENALTY


def test_learned_scores_carry_paragraphs_and_sink_menus() -> None:
    scores = line_scores([*MENU, PARAGRAPH, SECOND, THIRD, *MENU])
    assert all(score < 0 for score in scores[: len(MENU)] + scores[-len(MENU) :])
    assert all(score > 0 for score in scores[len(MENU) : len(MENU) + 3])


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to give you the best experience on our website, and by continuing you "
        "accept them.",
        "Sign up for our newsletter and get the best stories of the week delivered every Friday.",
        "Copyright 2024 The Daily Example, all rights reserved, no part may be reproduced.",
    ],
)
def test_furniture_is_junk_however_long(line: str) -> None:
    assert line_score(line) < 0


def test_timestamps_and_title_case_headlines_cost_more_than_a_sub_heading() -> None:
    sub_heading = "What happens next"
    assert line_score("4/7/2017 at 12:50 p.m.") < line_score(sub_heading)
    assert line_score("Storm Leaves Thousands Without Power") < line_score(sub_heading)


def test_best_region_is_the_maximum_sum_run() -> None:
    assert best_region([-4, 10, -4, 10, -4]) == (1, 3)
    assert best_region([-4, 10, -20, 5]) == (1, 1)
    assert best_region([-4, -4]) is None
    assert best_region([]) is None


def test_a_range_search_through_the_whole_scan_is_the_search_of_the_range_alone() -> None:
    """``best_in`` joins the whole list's scan where both start a run anew: the result must be
    what ``best_region`` finds in the range on its own, ties and float sums included."""
    draw = random.Random(11)
    values = [0.0, 0.1, -0.1, 0.3, -0.2, 2.0, -3.0]
    for _ in range(300):
        scores = [draw.choice([draw.uniform(-5, 5), *values]) for _ in range(draw.randint(0, 40))]
        scan = RegionScan.of(scores)
        for low in range(len(scores) + 1):
            for high in range(low, len(scores) + 1, 3):
                alone = best_region(scores[low:high])
                expected = None if alone is None else (alone[0] + low, alone[1] + low)
                assert best_in(scores, scan, low, high) == expected


def test_a_second_run_is_kept_when_it_is_worth_a_share_of_the_best() -> None:
    scores = [-4, 30, 30, *[-4] * 20, 25, 25, -4]
    assert story_regions(scores) == [1, 2, 23, 24]
    assert story_regions(scores, share=1.0) == [1, 2]


def test_keep_best_region_drops_menus_and_a_teaser_list() -> None:
    doc = document([*MENU, PARAGRAPH, SECOND, THIRD, *TEASERS, *MENU])
    keep_best_region(doc)
    assert kept(doc)[:3] == [PARAGRAPH, SECOND, THIRD]
    assert not set(kept(doc)) & set(MENU + TEASERS[2:])
    # the teasers' dated headers ('4/7/2017 at 12:50 p.m.') end the story as a comment's do
    assert {r.rule for r in doc.removed} == {"generic.region", "generic.comment-section"}


def test_a_sub_heading_inside_the_story_is_bridged() -> None:
    doc = document([*MENU, PARAGRAPH, "'Comrades in arms'", SECOND, THIRD, *MENU])
    keep_best_region(doc)
    assert kept(doc) == [PARAGRAPH, "'Comrades in arms'", SECOND, THIRD]


@pytest.mark.parametrize(
    "inside",
    [
        "The council chamber before the vote on Tuesday. (AP Photo/Jane Doe)",
        '<a href="https://ads.example.com/click?id=486810&amp;size=300x250" target="_top">',
        "The author is a Forbes contributor. The opinions expressed are those of the writer.",
        "Pour rester informé inscrivez-vous à la newsletter",
    ],
)
def test_a_caption_or_an_ads_code_between_paragraphs_goes(inside: str) -> None:
    """The story resumes after it: a caption and an ad's markup are template wherever they
    stand (``inline_template``)."""
    doc = document([*MENU, PARAGRAPH, inside, SECOND, THIRD, *MENU])
    keep_best_region(doc)
    assert kept(doc) == [PARAGRAPH, SECOND, THIRD]


BOX = [
    "Further Reading",
    "How phone scammers walked right into a trap set by the regulators",
    "Sometimes scammers are just as likely to fall for a good con as anyone …",
]


def test_a_related_box_between_paragraphs_goes() -> None:
    """The story resumes after an inline box of related stories: its headline reads as a
    sub-heading, its summary cut to length as a short paragraph; they score as template."""
    doc = document([*MENU, PARAGRAPH, *BOX, SECOND, THIRD, *MENU])
    assert related_boxes([line.text for line in doc.lines]) == [7, 8, 9]
    keep_best_region(doc)
    assert kept(doc) == [PARAGRAPH, SECOND, THIRD]
    headlines = [PARAGRAPH, "More on this...", BOX[1], "Dairy farmers warn of a squeeze", SECOND]
    assert related_boxes(headlines) == [1, 2, 3]  # a label with an ellipsis, headlines alone


def test_a_box_takes_no_line_that_may_continue_the_story() -> None:
    """A whole sentence under a headline may be the story's short paragraph under its
    sub-heading: the box ends above it. A list under a label the story does not resume after
    is left to the decoder and the story-end markers, and so is a label ending in ':', which
    leads into a list the decoder weighs itself."""
    short = "It was the first such vote in the state."
    assert related_boxes([PARAGRAPH, BOX[0], BOX[1], short, SECOND]) == [1, 2]
    assert related_boxes([PARAGRAPH, *BOX, "Video Library", "Recent Articles"]) == []
    assert related_boxes([PARAGRAPH, "Related", "Home", SECOND]) == []  # no headline: no box
    assert related_boxes([PARAGRAPH, "Related Stories:", BOX[1], SECOND]) == []


@pytest.mark.parametrize(
    ("line", "marker"),
    [
        ("Promoted Comments", True),
        ("Featured comments", True),
        ("Reader comments 191", True),
        ("Comments on the bill were due by Friday.", False),
    ],
)
def test_a_comment_sections_heading_is_a_marker(line: str, marker: bool) -> None:
    assert is_comment_marker(line) is marker


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Foto: ÖTZ", True),
        ("Fitness fanatics are over feeling burnt out.PixelVista / Getty Images", True),
        ("Lee Elder war mit Talent gesegnet. | © Augusta National/Getty Images", True),
        ("Ma looks on during a forum in Hong Kong. (ANTHONY WALLACE/AFP/Getty Images)", True),
        ("Erdölpumpen im Abendrot. Bild: TebNad/Shutterstock.com", True),
        ("Puerto de Montevideo. Foto: Archivo El País.", True),
        ("Foto: www.k-einbruch.de", True),
        ("Photograph by Ed Marshall, Redonda Restoration Programme", True),
        ("Guests pick their pastries from glass-enclosed cabinets. | Photo by Lisa Jennings", True),
        ("Le piquet de grève dans le hall de l'université / (C) Kab Niang", True),
        ("Un grupo de pingüinos, en la Antártida el 11 de febrero pasado. EFE", True),
        ("She took a photo by the lake before the storm", False),
        ("The person who certified (a), (b) or (c) has not modified it", False),
        ("He said: the vote. It was held again next week.", False),
        ("Die Zyste könne sich jederzeit neu bilden, hieß es. (FR mit dpa)", False),
        ("The minister resigned on Monday, the agency said. (Reuters)", False),
        ("He said: the vote would be held again next week", False),
    ],
)
def test_a_line_ending_in_a_pictures_credit_is_a_caption(line: str, credit: bool) -> None:
    """A wire story's closing '(dpa)' or '(Reuters)' is story; a picture's credit is not."""
    assert is_photo_credit(line) is credit


@pytest.mark.parametrize(
    ("line", "disclaimer"),
    [
        (
            "The author is a Forbes contributor. The opinions expressed are those of the writer.",
            True,
        ),
        ("Opinions expressed by Forbes Contributors are their own.", True),
        ("The views expressed in this article are solely those of the author.", True),
        (
            "Les opinions exprimées dans les blogs du Monde diplomatique n'engagent que leurs"
            " auteurs.",
            True,
        ),
        ("Las opiniones expresadas son responsabilidad exclusiva de sus autores.", True),
        ("Die hier geäußerte Meinung gibt nicht die Meinung der Redaktion wieder.", True),
        ("Les opinions exprimées lors du débat étaient vives, a dit le maire.", False),
        ("Residents expressed their anger at the council's decision on Tuesday.", False),
        ("The views expressed at the meeting were those of a small minority, he said.", False),
    ],
)
def test_a_columns_disclaimer_is_template(line: str, disclaimer: bool) -> None:
    """A contributor's disclaimer reads as a sentence, but no story says it of itself."""
    assert is_disclaimer(line) is disclaimer


def test_a_dateline_before_the_story_stays() -> None:
    doc = document([*MENU, "Moscow:", PARAGRAPH, SECOND])
    keep_best_region(doc)
    assert kept(doc) == ["Moscow:", PARAGRAPH, SECOND]


def test_a_page_without_prose_is_left_alone() -> None:
    doc = document(MENU)
    keep_best_region(doc)
    assert kept(doc) == MENU


def test_the_story_found_in_a_dump_is_all_kept_when_cleaned_again() -> None:
    """The learned scores read neighbours, so one pass of the finder can leave lines a second
    pass removes; the pipeline repeats its steps until nothing changes, and that fixed point
    is what cleaning again finds."""
    generic_only = Rulebook([f for f in Rulebook.load().files if f.generic])
    dump = "\n".join([*MENU, PARAGRAPH, "Like", SECOND, "Like", THIRD, "Like", *TEASERS])
    once = clean(dump, kind="text", rulebook=generic_only)
    assert once.text.startswith(PARAGRAPH)
    assert clean(once.text, kind="text", rulebook=generic_only).text == once.text


def test_cleaning_a_crude_dump_twice_changes_nothing() -> None:
    generic_only = Rulebook([f for f in Rulebook.load().files if f.generic])
    dump = "\n".join([*MENU, "Moscow:", PARAGRAPH, "Image copyright", SECOND, THIRD, *TEASERS])
    once = clean(dump, kind="text", rulebook=generic_only)
    twice = clean(once.text, kind="text", rulebook=generic_only)
    assert once.text.startswith("Moscow:")
    assert "Image copyright" not in once.text
    assert twice.text == once.text


def test_a_changed_setting_is_never_answered_from_the_line_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Benches tune the hand-set scores and the prose thresholds in place: a score or prose
    judgement cached under the old value must not come back."""
    import cleaner.linemodel.hand as hand
    import cleaner.text as text

    menu = "Home"
    before = line_score(menu)
    monkeypatch.setattr(hand, "REGION_JUNK_PENALTY", REGION_JUNK_PENALTY + 1.0)
    assert line_score(menu) == before - 1.0
    assert text.is_prose(PARAGRAPH)
    monkeypatch.setattr(text, "PROSE_MIN_WORDS", 100)
    assert not text.is_prose(PARAGRAPH)


@pytest.mark.parametrize(
    ("line", "prompt"),
    [
        ("Pour rester informé inscrivez-vous à la newsletter", True),
        ("Get regular updates on the latest tutorials, offers & news at Statistics Globe.", True),
        (
            "Die aktuelle Ausgabe der L-MAG jetzt an jedem Bahnhofskiosk, im Abo, als e-Paper und"
            " bei Readly erhältlich.",
            True,
        ),
        ("Jetzt registrieren", True),
        ("Unterstütze RosaMag bereits mit 2,50!", True),
        ("¡Mira lo que tiene nuestro canal de YouTube!", True),
        ("¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.", True),
        ("Sie lesen gern Achgut.com?", True),
        ("Gefällt dir unser Klettermagazin? Wir haben keine Bezahlschranke eingeführt.", True),
        ("DHB digital! Einfach hier klicken und für das digitale DHB registrieren!", True),
        ("Missing out on the latest news? Enter your email below to receive announcements.", True),
        ("Those interested can subscribe to industry newsletters.", False),
        ("Backed by Apple's full support and continuing evolution, Swift ranks #11.", False),
        ("The ministry will support the farmers with 2 million euros, she said.", False),
        ("Die Partei kündigte einen Kanal auf YouTube an, der im Mai startet.", False),
        ("Wer jetzt registrieren will, muss bis Freitag warten.", False),
        ("The newsletter was first printed in 1962, the archive shows.", False),
    ],
)
def test_a_sites_prompt_to_sign_up_is_template(line: str, prompt: bool) -> None:
    """A prompt to sign up or subscribe reads as a sentence, but no story says it of itself."""
    assert is_site_prompt(line) is prompt


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Marcell Jansen (l.) und Piotr Trochowski haben einen guten Draht.", True),
        ("Senator Aubyn Hill (right), looks on as the chief executive speaks.", True),
        ("The hallway of the house of Conor Pilkington (centre), 23, from Gateshead.", True),
        ("Kristina Armitage; sources (from left): Fondation L'Oréal, Jan Vondrák", True),
        ("Franziska Weber (links) mit dem Künstler", True),
        ("Im Ofen (Mitte) in 15 Minuten backen, bis sie goldbraun sind.", False),
        ("The bill (HR 1) passed the House on Tuesday, the right said.", False),
        ("Jane Smith, 34, (pictured) was found at her home in Leeds on Monday.", False),
        ("His wife (inset) said she had not heard from him since the weekend.", False),
    ],
)
def test_a_caption_that_places_its_people_is_template(line: str, caption: bool) -> None:
    """Where someone stands in the picture is a caption's business, not a story's."""
    assert is_positioned_caption(line) is caption


BIO = [
    "Karina Cohen",
    "Karina Cohen is the owner of CR Maids, a local cleaning company serving Denver.",
    "When she is not leading CR Maids, Karina homeschools her daughter.",
]


def test_an_authors_bio_under_the_story_ends_it() -> None:
    """A name on its own line over a paragraph that opens with it and a verb is a bio."""
    story = [PARAGRAPH, SECOND, THIRD, PARAGRAPH, SECOND, THIRD]
    doc = document([*story, *BIO])
    assert author_bio_start(doc.lines) == len(story) + 1
    doc = document([*story, "Extension Cords", "Extension cords are handy.", THIRD])
    assert author_bio_start(doc.lines) is None  # a sub-heading repeated as its subject
    people = [BIO[0], BIO[1], "Chen Zhao", "Chen Zhao is the head of economics research."]
    doc = document([*story, *people, BIO[0], BIO[1]])
    assert author_bio_start(doc.lines) is None  # a list of people, each under their name
    doc = document([PARAGRAPH, *BIO])
    assert author_bio_start(doc.lines) is None  # the bio would be most of the text
