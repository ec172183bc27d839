"""The validator's own library of junk-line patterns, independent of the rule files.

The validator must catch what the rules missed, so it cannot only replay them: these patterns
name the page furniture of docs/body.md's "What goes" table as seen on any site. Each pattern
has a stable id (reported as ``junk.<id>``), a word limit (a pattern that would also fit a sentence
of story prose only fires on short lines) and a comment saying what it catches.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from cleaner.linemodel.hand import RIGHTS_RESERVED
from cleaner.rulebook.rules import REGEX_TIMEOUT_SECONDS

FLAGS = regex.IGNORECASE | regex.V0


@dataclass(frozen=True, slots=True)
class JunkPattern:
    """One junk shape: ``pattern`` searched in the squashed line, on lines of <= ``max_words``."""

    id: str
    pattern: regex.Pattern
    max_words: int | None
    why: str

    def fits(self, words: int) -> bool:
        """Whether the pattern applies to a line of ``words`` words (its ``max_words``)."""
        return self.max_words is None or words <= self.max_words

    def names(self, form: str, words: int) -> bool:
        """Whether the pattern names a line (``form``: its squashed, regex-ready text) of
        ``words`` words. A regex timeout counts as no: a pathological line costs one skipped
        pattern, as in the rule engine, never a hung batch."""
        if not self.fits(words):
            return False
        try:
            return self.pattern.search(form, timeout=REGEX_TIMEOUT_SECONDS) is not None
        except TimeoutError:
            return False


def junk(id_: str, source: str, max_words: int | None, why: str) -> JunkPattern:
    return JunkPattern(id_, regex.compile(source, FLAGS), max_words, why)


SOCIAL = (
    r"(facebook|twitter|x|linkedin|reddit|pinterest|telegram|whatsapp|flipboard|e-?mail|"
    r"messenger|tumblr|sms|copy link|print|threads|bluesky|mastodon)"
)
TEASER_LABELS = (
    r"related( content| articles?| stories| posts| coverage| links| topics| videos?| news)?"
    r"|more( stories| news| videos| headlines| from [\w .'’&-]+| on this( story)?)?"
    r"|don'?t miss|recommended( for you| reading| stories| articles| videos)?"
    r"|you (may|might) (also )?(like|enjoy|be interested in)|most (popular|read|viewed|shared)"
    r"|trending( now| stories| news)?|latest( news| videos?| stories| headlines| articles)?"
    r"|top (stories|news|videos)|(see|read) also|further reading|what to read next"
    r"|editor'?s picks|popular (now|stories|articles)|up next|next (article|story|up)"
    r"|previous (article|story)|also read|in case you missed it|sponsored( content| stories)?"
    r"|promoted( stories| content)?|advertisement|ad feedback|paid (content|post)|around the web"
    r"|from (our|the) (partners|web)|more to explore|keep reading|also on [\w .]+"
)

JUNK_PATTERNS: tuple[JunkPattern, ...] = (
    # share / print / follow widgets
    junk(
        "share-widget",
        r"^(share|tweet|e-?mail|print|save|pin( it)?)( (this|on|via|to|with)"
        r"\b.*)?[:!]?$",
        6,
        "share, print or save buttons",
    ),
    junk(
        "social-links", rf"^{SOCIAL}( ?[|•·,/]? ?{SOCIAL})*$", 12, "a row of social network names"
    ),
    junk("print-friendly", r"print friendly|printer[- ]friendly|pdf ?& ?email", 10, "print widget"),
    junk(
        "follow-us",
        r"^follow (us|me|@|\S+( \S+)? on )|\bon (twitter|facebook|instagram) @\w"
        r"|^like us on facebook",
        16,
        "follow-us appeals",
    ),
    junk("click-here", r"^(click|tap) (here|to)\b|\bclick here to\b", 15, "click-here prompts"),
    # comment boxes
    junk(
        "comment-count",
        r"^[\d,.]+k? (comments?|replies|responses)$|^comments?( \(\d+\))?$",
        4,
        "comment counters",
    ),
    junk(
        "comment-widget",
        r"^no comments( yet)?\.?$|^(view|show|load|read|hide|post|add|see|leave|write|sort)"
        r"( all| the| your| a)?( \d+)?( more)? (comments?|reply|replies)\b|leave a (comment|reply)"
        r"|your email address will not be published|required fields are marked"
        r"|comments are (closed|moderated|disabled)|most relevant comments|community guidelines"
        r"|join the (conversation|discussion|debate)|read and post comments"
        r"|comment on this (article|story)|be the first to comment|log ?in to comment",
        25,
        "comment widgets and their notes",
    ),
    # newsletters, sign-ups, donations, paywalls
    junk(
        "signup",
        r"^(sign up|subscribe|register (now|today|for|here)|log ?in|sign in|"
        r"create (an|your|a free) account)\b",
        18,
        "sign-up and log-in prompts",
    ),
    junk(
        "newsletter",
        r"\b(sign ?up|subscribe|join|get|receive)\b.{0,40}\b(newsletters?|inbox|e-?mail updates)\b"
        r"|\bnewsletters?\s*[.!]?$|^((daily|weekly|free|our)\s+)?newsletters?\s*:?$"
        r"|(^|[?!.]\s+)subscribe\b|\b(subscribe|sign up) (now|today|here)\b|\byour inbox\b",
        16,
        "newsletter and subscription appeals (not sentences that mention subscribers)",
    ),
    junk(
        "donation",
        r"^(donate\b|support (us|fearless|independent journalism|quality journalism"
        r"|local journalism)\b)"
        r"|donate any amount|our readers support us|help us (to )?(continue|keep) (publishing|"
        r"going|our)|support (fearless|independent) journalism|^become a (member|patron|"
        r"supporter)\b|make a (one-time |monthly )?(donation|contribution) (to us|today|now)",
        None,
        "donation appeals",
    ),
    junk(
        "paywall",
        r"premium content|already a (subscriber|member)|to continue reading"
        r"|subscribe to (continue|read|unlock)|unlock (this|the full) (article|story)"
        r"|(article|story|content) is (only )?(for|available to) (subscribers|members)"
        r"|you have reached your (free )?(article|story) limit|read to earn|write & read",
        30,
        "paywall and members-only notes",
    ),
    junk(
        "email-form",
        r"^\(optional\b|never share your email|^privacy:|^(privacy( policy| statement| notice)?"
        r"|terms of (use|service)|terms (and|&) conditions)\s*[:.]?$",
        14,
        "sign-up form labels",
    ),
    # cookies and copyright
    junk(
        "cookies",
        r"\b(we|this site|this website) uses? cookies|cookie (policy|settings|"
        r"preferences|consent)|accept (all )?cookies|by (continuing to use|using) (this|our)"
        r" (site|website)",
        40,
        "cookie banners",
    ),
    junk(
        "copyright",
        rf"©|\(c\) ?\d{{4}}|^copyright\s*(©|\(c\)|\d{{4}})|{RIGHTS_RESERVED}"
        r"|are (registered )?trademarks of|may not be (published|reproduced|redistributed)"
        r"|subject to copyright|no part of this (material|publication|article|document)"
        r"|no part may be",
        40,
        "copyright and trademark lines",
    ),
    # wire and syndication notes
    junk(
        "syndication",
        r"has not been edited by|published from a syndicated feed|read the full"
        r" story|^this (story|article|post) (originally |first )?(appeared|was (originally |first"
        r" )?published) (on|in|at)\b|originally (appeared|published) (on|in|at) \S+\.(com|org"
        r"|net)",
        40,
        "syndication notes",
    ),
    # related / teaser / pagination labels
    junk("teaser-label", rf"^({TEASER_LABELS})\s*[:»›>]?$", 7, "related, recommended, don't-miss"),
    junk(
        "teaser-prefix",
        r"^(read more|related|see also|also read|read also|read next|watch"
        r"|more|recommended|don'?t miss|listen|video|photos?|gallery)\s*[:|»›>-]\s*\S",
        25,
        "a teaser headline behind a read-more label",
    ),
    junk(
        "read-more",
        r"^(read|learn|find out|see|view|show|load) (more|all|the full "
        r"(story|article))\b.{0,30}$|^continue reading\b|^(more|read more|learn more)"
        r"( ?[.»›>…]+)?$",
        8,
        "read-more and learn-more buttons",
    ),
    junk(
        "pagination",
        r"^(page \d+( of \d+)?|next|previous|prev|older( posts)?|newer( posts)?"
        r"|first|last|[«‹<]+|[»›>]+)$|^(\d+ ){2,}[\d,]+$",
        5,
        "pagination",
    ),
    # site chrome
    junk(
        "chrome",
        r"^(top|back to top|skip to (main )?content|menu|home|search|close|loading"
        r"\.{0,3}|sponsored|watch tv live|live tv|watch live|listen( now)?|play( video)?"
        r"|toggle navigation|main menu|navigation|sections|subscribe now|expand|collapse"
        r"|open in app|download the app)$|watch tv live",
        6,
        "navigation and site chrome",
    ),
    junk(
        "section-label",
        r"^(news|latest news|breaking( news)?|top news|world news|premium"
        r"|exclusive|opinion|live( updates)?|updated|video|videos|photos|gallery|podcast)$",
        3,
        "a section label standing alone",
    ),
    junk(
        "tag-list",
        r"^(tags|topics|filed under|categories|category|keywords|related topics"
        r"|sections?|more about)\s*:|^filed under\b",
        40,
        "tag and category lists",
    ),
    # bylines, handles, timestamps, counters
    junk(
        "byline",
        r"^(by|written by|words by|posted by|author:?)\s+(?-i:\p{Lu})[\p{L}'’.-]+"
        r"(\s+((?-i:\p{Lu})[\p{L}'’.-]*|de|van|von|da|al|bin))+\s*((,|\||and|&|-|–|—|for)"
        r"[^.!?]*)?$",
        12,
        "a byline: 'By' and a capitalised name of two words or more",
    ),
    junk(
        "handle",
        r"^@[\w.]+$|^[\p{L}\p{N}]{2,8}(\.\.\.|…)[\p{L}\p{N}]{2,8}$",
        2,
        "an author handle or a shortened wallet id",
    ),
    junk(
        "timestamp-label",
        r"^(updated|published|posted|last updated|first published|date|modified)( on| at)?"
        r"\s*:?\s*(\d|(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
        r"|nov|dec)[a-z]*\.?,?\s+\d)",
        12,
        "a publication-time line",
    ),
    junk(
        "reading-time",
        r"^\d+ ?(min(ute)?s?|hrs?|hours?) (read|ago)$|^[\d,.]+k? (views|reads|shares"
        r"|likes)$|^(views|reads|shares)\s*:?\s*[\d,.]+k?$",
        5,
        "reading-time and view counts",
    ),
    junk(
        "lone-counter", r"^[-+−]?[\d\s,.+%]*\d[\d\s,.+%]*$", 6, "a number standing alone (counter)"
    ),
    junk("lone-initial", r"^\p{L}$", 1, "a lone letter (an avatar initial)"),
    # fragments of link rows and teaser lists, cut where the markup split them
    junk(
        "truncated-teaser",
        r"^(?-i:[^\p{Ll}]).*(\.\.\.|…)\s*$",
        15,
        "a teaser headline or snippet cut short with an ellipsis",
    ),
    junk(
        "fragment",
        r"^[,;:|»›•]|\s[|•+«‹(»›]$",
        12,
        "a fragment of a link row: it starts or ends on a separator",
    ),
    junk(
        "time-ago",
        r"(^|[-–—|,·]\s*)(\d+ ?(sec|second|min|minute|hr|hour|day|week|month)s?,? ?)+ago\s*$",
        12,
        "a relative time stamp ('19 mins ago')",
    ),
    junk(
        "template-code",
        r"\{\{.*\}\}|\{\*.*\*\}|\{%.*%\}|^</?[a-z][a-z0-9]*( [^>]*)?>",
        None,
        "template placeholders and markup left in the text",
    ),
    junk(
        "account-nav",
        r"\b(password|log ?in|log ?out|sign ?in|sign ?out|my account|privacy (statement|notice)"
        r"|e-?mail alerts|alerts|navigation|site ?map|rss( feeds?)?|feedback|contact us|about us"
        r"|advertise( with us)?|careers|help|faqs?)\b",
        3,
        "account, help and site-map links",
    ),
    # captions and credits
    junk(
        "caption",
        r"^(image|images|photo|photos|picture|pictures|video|graphic|illustration)s?"
        r"( source| credit| courtesy)?s?\s*:|\((file|file photo|photo|reuters|ap|afp|getty"
        r" images?|representational image|representative image)\)$|\b(getty images|shutterstock"
        r"|ap photo|afp via getty|istockphoto|images source)\b",
        30,
        "image captions and credits",
    ),
)
