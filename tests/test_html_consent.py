"""Cookie-consent banners leave every page (cleaner.html.prune.drop_consent_banners); a page's
own text about cookies, and a post tagged with them, stay."""

from __future__ import annotations

from pathlib import Path

from cleaner.html.parse import parse_html
from cleaner.html.prune import drop_consent_banners
from tests.conftest import cleaned_page_record

BANNER = (
    "<div class='cookie-notice-container'><p>We use cookies to give you the best experience on"
    " our website and to show you personalised offers from our partners.</p>"
    "<button>Accept all cookies</button></div>"
    "<div id='onetrust-consent-sdk'><h2>Privacy preference centre</h2><p>These cookies are"
    " necessary for the website to function and cannot be switched off in our systems.</p></div>"
)
STORY = (
    "<p>The lighthouse keeper climbed the stairs every evening at dusk to light the lamp.</p>"
    "<p>Ships passing the rocks saw the beam from twenty miles out on clear nights.</p>"
)
PAGE = (
    "<html><head><title>The lighthouse</title></head><body>"
    f"<main><h1>The lighthouse</h1>{STORY}</main>{BANNER}</body></html>"
)


def test_consent_banners_are_removed_through_the_cli(tmp_path: Path) -> None:
    text = cleaned_page_record(tmp_path, PAGE)["text"]
    assert "lighthouse keeper climbed the stairs" in text
    assert "cookies" not in text
    assert "Privacy preference centre" not in text


def test_banners_go_but_text_about_cookies_stays() -> None:
    tree = parse_html(
        "<html><body><article class='post tag-cookies category-cookie-recipes'>"
        "<h1>Oat cookies</h1><p>Mix the oats with butter and bake for twelve minutes.</p>"
        "</article><section id='cookies'><h2>Cookies</h2><p>To set cookies use the set_cookie"
        f" method of the response object.</p></section>{BANNER}</body></html>"
    )
    drop_consent_banners(tree)
    text = " ".join(tree.find("body").text_content().split())
    assert "Mix the oats with butter" in text
    assert "set_cookie method" in text
    assert "We use cookies" not in text
    assert "cannot be switched off" not in text


def test_a_consent_managers_dialog_goes_whatever_its_size() -> None:
    dialog = "<p>These cookies measure how visitors use the site and which pages they read.</p>"
    tree = parse_html(
        f"<html><body><p>Nice case, thanks.</p><div id='onetrust-consent-sdk'>{dialog * 5}"
        "</div></body></html>"
    )
    drop_consent_banners(tree)
    assert " ".join(tree.find("body").text_content().split()) == "Nice case, thanks."


def test_an_element_holding_most_of_the_page_is_not_a_banner() -> None:
    tree = parse_html(
        "<html><body><div class='cookie-policy'><h1>Cookie policy</h1>"
        "<p>This policy explains which cookies the shop sets and why it sets them.</p></div>"
        "<footer>Contact</footer></body></html>"
    )
    drop_consent_banners(tree)
    assert "This policy explains" in tree.find("body").text_content()
