"""A Discourse thread whose posts are only in its ``<noscript>`` crawler view
(cleaner.html.threads), through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cleaned_page_record

POSTS = [
    ("ana", "After the update my garden sensors stopped reporting their soil readings at night."),
    ("ben", "Try restarting the hub once the update has finished; it reloads the sensor drivers."),
    ("ana", "That worked, thank you. The readings came back within a minute of the restart."),
]
MENU = ("Latest topics", "Categories", "Log in")


def post(number: int, author: str, text: str) -> str:
    return (
        f"<div id='post_{number}' class='topic-body crawler-post'>"
        "<div class='crawler-post-meta'><span class='creator' itemprop='author'>"
        f"<a href='/u/{author}'><span itemprop='name'>{author}</span></a></span>\n"
        "<span class='crawler-post-infos'><time class='post-time'>May 3, 2024, 8:45am</time>"
        f"<span itemprop='position'>{number}</span></span></div>"
        f"<div class='post' itemprop='text'><p>{text}</p>"
        "<aside class='onebox'><p>Example Docs: the page a link in this post points to</p></aside>"
        "</div><div itemprop='interactionStatistic'><span class='post-likes'>7 Likes</span>"
        "</div></div>"
    )


THREAD = (
    "<html><head><title>Sensors stopped after the update - Example Forum</title>"
    "<meta name='generator' content='Discourse 3.4.0'></head><body>"
    "<nav class='menu'>" + "".join(f"<a href='/{m}'>{m}</a> " for m in MENU) + "</nav>"
    "<div id='app'></div><noscript data-path='/t/sensors/1'>"
    "<header><a href='/'>Example Forum</a></header><div id='main-outlet' role='main'>"
    "<h1>Sensors stopped after the update</h1>"
    "<div itemscope itemtype='http://schema.org/DiscussionForumPosting'>"
    + "".join(post(n, a, t) for n, (a, t) in enumerate(POSTS, 1))
    + "</div></div><footer><a href='/privacy'>Privacy policy</a></footer></noscript>"
    "</body></html>"
)


def posts_record(tmp_path: Path, html: str) -> dict:
    """The record of a thread page cleaned through the CLI; it was read post by post."""
    record = cleaned_page_record(tmp_path, html)
    assert record["route"] == "posts"
    return record


def test_thread_posts_in_noscript_are_read(tmp_path: Path) -> None:
    record = posts_record(tmp_path, THREAD)
    lines = record["text"].splitlines()
    assert [line for line in lines if line in {t for _, t in POSTS}] == [t for _, t in POSTS]
    assert not any(m in record["text"] for m in MENU)
    assert "Example Docs" not in record["text"]
    assert "Likes" not in record["text"]
    assert "Privacy policy" not in record["text"]


REPLIES = [
    ("cora", "The pump on my aquarium filter hums loudly since I cleaned the impeller last week."),
    ("dev", "Check that the impeller sits flat on its shaft; a tilted one rattles in the housing."),
]


def xenforo_post(author: str, text: str, quoted: str | None) -> str:
    quote = (
        "<blockquote class='bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote'>"
        f"<div class='bbCodeBlock-title'>{quoted} said:</div>"
        f"<div class='bbCodeBlock-content'>{REPLIES[0][1]}</div></blockquote>"
        if quoted
        else ""
    )
    return (
        f"<article class='message message--post'><div class='message-user'>{author}</div>"
        f"<div class='message-content js-selectToQuote'><div class='bbWrapper'>{quote}{text}</div>"
        "<aside class='message-signature'><div class='bbWrapper'>Sent from my phone</div></aside>"
        "</div></article>"
    )


XENFORO_THREAD = (
    "<html><head><title>Noisy filter pump | Example Reef Forum</title></head><body>"
    "<nav class='p-nav'>" + "".join(f"<a href='/{m}'>{m}</a> " for m in MENU) + "</nav>"
    "<div class='p-body'><h1>Noisy filter pump</h1><div class='block-body'>"
    + xenforo_post("cora", REPLIES[0][1], None)
    + xenforo_post("dev", REPLIES[1][1], "cora")
    + "</div><div class='block similar'><h3>Similar threads</h3><ul>"
    "<li><a href='/t/1'>Best heater for a small tank</a></li>"
    "<li><a href='/t/2'>Cloudy water after a water change</a></li></ul></div></div>"
    "<footer><a href='/terms'>Terms and rules</a></footer></body></html>"
)


def test_forum_engine_posts_are_read_without_quotes_and_signatures(tmp_path: Path) -> None:
    record = posts_record(tmp_path, XENFORO_THREAD)
    lines = record["text"].splitlines()
    assert lines.count(REPLIES[0][1]) == 1  # the quote in the reply is not read again
    assert REPLIES[1][1] in lines
    assert lines.index(REPLIES[0][1]) < lines.index(REPLIES[1][1])
    for left_out in ("said:", "Sent from my phone", "Similar threads", "Cloudy water", "Terms"):
        assert left_out not in record["text"]
    assert not any(m in record["text"] for m in MENU)


ASKED = "When the breaker trips, does the neutral wire still carry current back to the panel?"
QUESTION = f"{ASKED} I could not find this in the wiring guide that came with the house."
ANSWER = "No current flows once the circuit opens, though the neutral stays bonded to ground."
OWN_QUOTE = "Breakers open the hot conductor only; the neutral is never switched in a home panel."


def stack_exchange_post(text: str, quote: str | None) -> str:
    cited = f"<blockquote><p>{quote}</p></blockquote>" if quote else ""
    body = f"<div class='s-prose js-post-body'>{cited}<p>{text}</p></div>"
    return f"<div class='post-layout'>{body}</div>"


STACK_EXCHANGE_THREAD = (
    "<html><head><title>Neutral current after a trip - Example Stack Exchange</title></head>"
    "<body><nav>" + "".join(f"<a href='/{m}'>{m}</a> " for m in MENU) + "</nav>"
    "<div id='mainbar'><h1>Neutral current after a trip</h1>"
    + stack_exchange_post(QUESTION, None)
    + stack_exchange_post(ANSWER, ASKED)
    + stack_exchange_post(ANSWER.replace("No current", "Little current"), OWN_QUOTE)
    + "</div></body></html>"
)


def test_a_reply_quoting_an_earlier_post_is_read_without_the_quote(tmp_path: Path) -> None:
    record = posts_record(tmp_path, STACK_EXCHANGE_THREAD)
    lines = record["text"].splitlines()
    assert QUESTION in lines
    assert ASKED not in lines  # the answer's quote of the question is not read again
    assert ANSWER in lines
    assert OWN_QUOTE in lines  # a quote of no earlier post is the reply's own text


NODEBB_POSTS = [
    "My mesh router drops every connection at midnight since the latest firmware arrived.",
    "Turn off the scheduled reboot in the admin panel; the new firmware enables it by default.",
]


def nodebb_post(text: str) -> str:
    return (
        "<li component='post' class='pt-4'><div class='post-header'><a href='/user/x'>x</a>"
        "<span class='timeago'>2 days ago</span></div>"
        f"<div class='content text-break' component='post/content' itemprop='text'><p>{text}</p>"
        "</div><div component='post/actions'><a href='#'>Reply</a> <a href='#'>Quote</a></div></li>"
    )


NODEBB_THREAD = (
    "<html><head><title>Router drops at midnight | Example NodeBB Forum</title></head><body>"
    "<nav>" + "".join(f"<a href='/{m}'>{m}</a> " for m in MENU) + "</nav>"
    "<h1 component='post/header'>Router drops at midnight</h1><ul component='topic'>"
    + "".join(nodebb_post(t) for t in NODEBB_POSTS)
    + "</ul><div class='suggested'><h3>Suggested topics</h3><ul>"
    "<li><a href='/t/9'>Slow wifi in the garden office</a></li></ul></div></body></html>"
)


def test_nodebb_posts_are_read(tmp_path: Path) -> None:
    record = posts_record(tmp_path, NODEBB_THREAD)
    assert [line for line in record["text"].splitlines() if line] == NODEBB_POSTS
