"""The verdict's numbers: the estimated share of kept words that are junk, of the story's words
that were lost, and the word F1 the two predict, from the findings and the line model.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaner.generic.region import inline_template
from cleaner.text import is_prose, normalize, word_count
from cleaner.validate.context import HIGH, JUNK_CODES, LOW, MEDIUM, BodyLine, Context, Finding
from cleaner.validate.residual import junk_named, junk_pattern_hit
from cleaner.validate.structure import content_stems

JUNK_WEIGHT = {HIGH: 1.0, MEDIUM: 0.5, LOW: 0.0}
"""How much of a line a junk finding of each severity counts as junk: a high finding is junk,
a medium one is right about half the time, a low one is a note (how often findings of each
severity were right on the tuning pages; bench/fit_verdicts.py fits the scales around it)."""
MODEL_JUNK_SCALE = 0.5
PROSE_LOST_SCALE = 0.5
MODEL_LOST_SCALE = 0.5
"""The line model's and the prose count's shares are scaled to the true shares they tracked
on the tuning pages (the model gives even clean prose about 0.1; prose near a story is not
all story): fitted with FAIL_QUALITY by bench/fit_verdicts.py on bench/verdicts.py's output."""
STORY_WINDOW_GAP = 2
"""Left-out lines count as possibly lost story up to this many junk-like lines away from the
kept story (a caption or an ad slot between two paragraphs; a footer is longer)."""
STORY_LINE_PROBABILITY = 0.5
"""A left-out line the model gives less than this probability of junk is story-like: more
likely story than not (the region finder's REGION_BODY_PROBABILITY draws the same line)."""
INLINE_JUNK_WORDS = 4
"""An inline remnant ('[ad]', 'Read more »') is a few words, not its whole paragraph."""
EVIDENCE_LINES = 5
"""The line model's evidence kept per side (kept lines judged junk, removed lines judged
story), largest first: enough to see what the estimate is made of, few enough for a record."""
EVIDENCE_MIN_WORDS = 3.0
"""A line whose weighted words (words times the model's probability) are fewer than this is
not worth showing as evidence: a stray label moves no share."""
REFERENCE_SLACK = 0.05
"""Where the page states its own story text (JSON-LD ``articleBody``, its one ``<article>`` or
``<main>``), the junk share is at most the body's words outside it and the lost share at most
the reference's words missing from the body, each plus this slack (the reference holds a
byline or a share bar the body rightly drops). The estimates' own evidence (comments or
teasers beside the story that read as story, template lines inside an ``<article>``) is
capped by what the page itself calls its story: on the tune sites' pages this failed as many
good pages and more bad ones (bench/fit_verdicts.py)."""
PAGE_PROSE_MIN_WORDS = 100
"""A text input needs this many words of prose for the share of it left on the page to mean
anything: a short page's one left-out paragraph is a caption or an appeal."""
PAGE_LOST_MIN = 0.5
"""The share of a text input's prose left out counts as lost story only from here: most of the
page's running text gone means the extractor took the wrong block or a stub of the story (on
the tune sites' dumps, 95% of the pages over this share were bad and 82% very bad, against
41% and 22% of all dumps; under it, the prose left is mostly comments and other stories'
teasers, which the estimate near the story reads better). On HTML pages the count is not
used: the page's text lines split and join blocks otherwise than the body, and there it
failed good pages as often as bad ones (bench/fit_verdicts.py on bench/verdicts.py's tune
pages)."""
RECORD_MARK_MAX_WORDS = 6
RECORD_MARK_MIN_REPEATS = 3
RECORD_REACH = 2
"""A list of records (other stories' teasers, a forum's posts) repeats one short line per
item: its byline ('Webmaster'), its date, its section ('Front Page'). A short line of at most
RECORD_MARK_MAX_WORDS words left out RECORD_MARK_MIN_REPEATS times or more on a text input is
such a mark, and a prose line left out within RECORD_REACH lines of one is an item's summary,
not lost story: on the tune sites' dumps, the good pages failed for leaving most of their prose
out had left out another story list's summaries, each beside its byline and date."""
HEADLINE_MIN_STEMS = 2
"""A headline needs this many content words to be checked against the body: one word ('Home',
a brand) is in or out of any body by chance."""
HEADLINE_ON_PAGE = 0.5
"""... and at least this share of them in the page's text: a title the page never repeats
(an SEO title, a site name) says nothing about which block is the story."""
HEADLINE_MISSING_MIN = 0.67
"""A body missing at least this share of the headline's content words (two of three) is
likely another block than the story: on the tune sites' HTML pages, 70% of such pages were
very bad (word F1 under 0.7), against 15% of all HTML pages."""
HEADLINE_JUNK_SCALE = 0.3
"""The junk share a body missing the headline is taken to hold, per share of the headline's
words missing: a wrong block is all junk, but the headline's words are also missing from some
good bodies (a title of the site's section, a product's code), so the share is damped; fitted
with the calibration on the tune sites (bench/fit_verdicts.py)."""
MODEL_JUNK_CODE, MODEL_STORY_CODE = "model-junk", "model-lost-story"
"""The codes of the line model's evidence: a kept line it judges junk, a removed line near the
story it judges story. Notes (low severity): they back the estimates, they flag nothing."""
PAGE_PROSE_CODE = "page-prose-left"
"""A paragraph of running text the body left out, anywhere on a text input, when most of the
page's prose was left out (``page_lost``): the lines the lost share rests on."""


def estimated_junk_share(
    ctx: Context, findings: list[Finding], words: int, weights: dict[str, float] = JUNK_WEIGHT
) -> float:
    """Share of the kept words on lines a junk finding names, each line weighted by how often
    findings of its severity were right on the tuning pages (JUNK_WEIGHT)."""
    if not words:
        return 0.0
    weight: dict[int, float] = {}
    inline: set[int] = set()
    for item in findings:
        if item.code in JUNK_CODES and item.line:
            weight[item.line] = max(weight.get(item.line, 0.0), weights[item.severity])
            if item.code == "residual-inline":
                inline.add(item.line)
    junk = sum(
        junk_words(line, line.number in inline) * weight.get(line.number, 0.0) for line in ctx.lines
    )
    return min(junk / words, 1.0)


def junk_words(line: BodyLine, inline: bool) -> int:
    """The words a junk finding on ``line`` stands for: the line, or for an inline remnant
    (a trim rule's pattern left in a paragraph) about the size of one."""
    count = word_count(line.text)
    return min(count, INLINE_JUNK_WORDS) if inline else count


@dataclass(slots=True)
class Estimates:
    """What the verdict's numbers are made of (each a share of words, 0..1)."""

    junk_findings: float
    """Kept words on lines a junk finding names (JUNK_WEIGHT by severity)."""
    junk_model: float
    """Kept words weighted by the line model's probability of not being story."""
    lost_prose: float | None
    """Prose left out near the story (less what the junk library names)."""
    lost_model: float | None
    """Left-out words near the story weighted by the model's probability of being story."""
    evidence: list[Finding] = field(default_factory=list)
    """The lines the model's shares are made of, largest first (MODEL_JUNK_CODE and
    MODEL_STORY_CODE notes)."""
    reference_precision: float | None = None
    reference_recall: float | None = None
    """The body's word precision and recall against the page's own text of its story
    (``cleaner.html.references``), when the page has one."""
    page_lost: float | None = None
    """A text input's share of prose words, anywhere on it, that the body left out (not
    repeating the body, not removed by a rule, not named by the junk library)."""
    headline_missing: float | None = None
    """A page's share of headline content words that the body lacks, when the headline can
    be checked (HEADLINE_MIN_STEMS, HEADLINE_ON_PAGE)."""

    @property
    def junk_share(self) -> float:
        headline = HEADLINE_JUNK_SCALE * gated(self.headline_missing, HEADLINE_MISSING_MIN)
        share = min(max(self.junk_findings, MODEL_JUNK_SCALE * self.junk_model, headline), 1.0)
        return reference_capped(share, self.reference_precision)

    @property
    def lost_share(self) -> float | None:
        if self.lost_prose is None or self.lost_model is None:
            share = self.lost_prose
        else:
            share = min(
                max(PROSE_LOST_SCALE * self.lost_prose, MODEL_LOST_SCALE * self.lost_model), 1.0
            )
        if share is not None:
            share = max(share, gated(self.page_lost, PAGE_LOST_MIN))
        return None if share is None else reference_capped(share, self.reference_recall)


def gated(share: float | None, least: float) -> float:
    """``share`` where it is known and at least ``least``, else 0: evidence that counts only
    when it is strong (weaker, it is as common on good pages as on bad ones)."""
    return share if share is not None and share >= least else 0.0


def reference_capped(share: float, agreement: float | None) -> float:
    """``share`` at most what the body's ``agreement`` with the page's own story text leaves
    (``1 - agreement``) plus ``REFERENCE_SLACK``; as it is on a page without that text."""
    if agreement is None:
        return share
    return min(share, 1.0 - agreement + REFERENCE_SLACK)


def estimates_of(ctx: Context, findings: list[Finding], words: int) -> Estimates:
    """The junk and lost-story estimates of one document.

    The line model reads the whole input as the crude page it was trained on (without the
    input: the body alone) and gives each line a probability of not being story. Lost story
    is counted only near the story: in the span of the kept lines and in runs of story-like
    lines next to it (STORY_WINDOW_GAP), since a page's far corners hold other stories'
    snippets and comment threads, which are prose too. A left-out line that repeats the body
    (a lede echoed in a footer), that a rule removed, or that the region finder reads as
    template wherever it stands (its ``inline_template``: a teaser's summary in a list of
    teasers, "Latest News": a headline and its one-sentence summary, again and again; a
    picture's caption or credit) is no loss.
    """
    from cleaner.linemodel import junk_probabilities

    junk = estimated_junk_share(ctx, findings, words)
    pairs = ctx.input_lines or [(line.text, True) for line in ctx.lines]
    if not pairs:
        return Estimates(junk, 0.0, None if not ctx.input_known else 0.0, None)
    # the whole input is a page (the "dump" head); a body alone is cleaned text, whose head
    # reads whether the junk library names each line
    texts = [text for text, _ in pairs]
    if ctx.input_lines:
        probability = junk_probabilities(texts, "dump", memo=ctx.line_scores)
    else:
        probability = junk_probabilities(texts, "cleaned", junk_named, ctx.line_scores)
    counts = [word_count(text) for text, _ in pairs]
    kept_lines = [i for i, (_, kept) in enumerate(pairs) if kept]
    kept_words = sum(counts[i] for i in kept_lines)
    kept_junk = sum(counts[i] * probability[i] for i in kept_lines)
    junk_model = kept_junk / kept_words if kept_words else 0.0
    weights = {
        i: counts[i] * probability[i]
        for i in kept_lines
        if probability[i] >= STORY_LINE_PROBABILITY
    }
    evidence = model_evidence(ctx, pairs, weights, MODEL_JUNK_CODE)
    headline = headline_missing(ctx)
    if not ctx.input_known:
        return Estimates(junk, junk_model, None, None, evidence, headline_missing=headline)
    if ctx.input_lines is None:  # removals known, their places among the kept lines not
        template = template_wherever(ctx)
        lost = prose_lost([r.text for r in ctx.removed if normalize(r.text) not in template], ctx)
        share = lost / (lost + words) if lost else 0.0
        return Estimates(junk, junk_model, share, None, evidence, headline_missing=headline)
    body = "\n".join(normalize(line.text) for line in ctx.lines)
    no_loss = ctx.removed_by_rule | set(template_indices(ctx, texts))
    near = [
        i
        for i in near_story(pairs, probability)
        if i not in no_loss and normalize(pairs[i][0]) not in body
    ]
    lost = prose_lost([pairs[i][0] for i in near], ctx)
    kept_story = kept_words - kept_junk
    lost_story = sum(counts[i] * (1.0 - probability[i]) for i in near)
    lost_model = lost_story / (lost_story + kept_story) if lost_story else 0.0
    story = {
        i: counts[i] * (1.0 - probability[i])
        for i in near
        if probability[i] < STORY_LINE_PROBABILITY
    }
    evidence += model_evidence(ctx, pairs, story, MODEL_STORY_CODE)
    page_lost = None
    if ctx.input_numbers is not None:  # a text input: its lines are the page's own
        page_lost, left = prose_left(pairs, body, no_loss)
        if gated(page_lost, PAGE_LOST_MIN):
            evidence += prose_left_evidence(ctx, pairs, left)
    share = lost / (lost + words) if lost else 0.0
    return Estimates(junk, junk_model, share, lost_model, evidence, page_lost=page_lost,
                     headline_missing=headline)  # fmt: skip


def template_wherever(ctx: Context) -> set[str]:
    """The removed lines (normalised) the region finder reads as template wherever they stand
    (``inline_template``: a teaser's summary in a list of teasers, a picture's caption or
    credit, markup or template code), read over the input's lines in order as the kept lines
    and the removals give it (by input line number): what a cleaned record carries too, so
    ``cleaner validate`` reads the same. Kept lines without their input line go first."""
    if not ctx.removed:
        return set()
    order = [(line.original or 0, line.text, False) for line in ctx.lines]
    order += [(removal.line, removal.text, True) for removal in ctx.removed]
    order.sort(key=lambda item: item[0])
    texts = [text for _, text, _ in order]
    return {normalize(texts[i]) for i in template_indices(ctx, texts) if order[i][2]}


def template_indices(ctx: Context, texts: list[str]) -> list[int]:
    """``inline_template(texts)``, worked out once per list of lines a document's verdict
    reads (``Context.inline_templates``)."""
    key = tuple(texts)
    found = ctx.inline_templates.get(key)
    if found is None:
        found = ctx.inline_templates[key] = inline_template(texts)
    return found


def prose_left(
    pairs: list[tuple[str, bool]], body: str, no_loss: set[int]
) -> tuple[float | None, list[int]]:
    """(share of the input's prose words the body left out, the indices of the lines left
    out), anywhere on the input: the wrong block or a stub chosen leaves most of a page's
    running text behind, far from the kept lines where the estimate near the story looks.
    ``body`` is the kept lines' normal form, one a line (a left-out line it holds is a
    repeat); ``no_loss``: the indices of lines whose leaving is no loss (removed by a line
    rule, or template wherever it stands: the region finder's ``inline_template``). None (and
    no lines) for an input with under PAGE_PROSE_MIN_WORDS words of prose."""
    kept = left = 0
    lines = []
    listed = record_items(pairs) | printed_twice(pairs)
    for i, (text, is_kept) in enumerate(pairs):
        if not is_prose(text):
            continue
        if is_kept:
            kept += word_count(text)
        elif i in listed:
            continue
        elif i not in no_loss and normalize(text) not in body and junk_pattern_hit(text) is None:
            left += word_count(text)
            lines.append(i)
    if kept + left < PAGE_PROSE_MIN_WORDS:
        return None, []
    return left / (kept + left), lines


def printed_twice(pairs: list[tuple[str, bool]]) -> set[int]:
    """Indices of left-out prose lines that the input holds more than once: a carousel of
    testimonials or teasers printed once per screen size, a slider that repeats its slides.
    A story prints each paragraph once, so a repeated paragraph left out is no lost story (on
    the tune sites' dumps, good pages failed for leaving out a review carousel printed twice)."""
    seen = Counter(normalize(text) for text, _ in pairs if is_prose(text))
    return {
        i for i, (text, kept) in enumerate(pairs)
        if not kept and is_prose(text) and seen[normalize(text)] > 1
    }  # fmt: skip


def record_items(pairs: list[tuple[str, bool]]) -> set[int]:
    """Indices of left-out lines within RECORD_REACH lines of a record's mark: a short line
    (not prose, not named by the junk library) left out RECORD_MARK_MIN_REPEATS times or more,
    as a list of teasers repeats its byline, date or section for every item."""
    short = {
        i: normalize(text)
        for i, (text, is_kept) in enumerate(pairs)
        if not is_kept and word_count(text) <= RECORD_MARK_MAX_WORDS and not is_prose(text)
    }
    repeats = Counter(short.values())
    marks = [i for i, key in short.items() if key and repeats[key] >= RECORD_MARK_MIN_REPEATS]
    marks = [i for i in marks if junk_pattern_hit(pairs[i][0]) is None]
    near = {j for i in marks for j in range(i - RECORD_REACH, i + RECORD_REACH + 1)}
    return {j for j in near if 0 <= j < len(pairs) and not pairs[j][1]}


def prose_left_evidence(
    ctx: Context, pairs: list[tuple[str, bool]], left: list[int]
) -> list[Finding]:
    """The EVIDENCE_LINES longest prose lines left out, as notes on their input lines."""
    longest = sorted(left, key=lambda i: (-word_count(pairs[i][0]), i))[:EVIDENCE_LINES]
    numbers = ctx.input_numbers or []
    return [
        Finding(PAGE_PROSE_CODE, 0, pairs[i][0].strip(), "page", LOW,
                f"left out: running text of the page ({word_count(pairs[i][0])} words), where "
                "most of the page's running text was left out", numbers[i] if numbers else i + 1)
        for i in sorted(longest)
    ]  # fmt: skip


def headline_missing(ctx: Context) -> float | None:
    """The share of the headline's content words the body lacks, for an HTML page whose
    headline has HEADLINE_MIN_STEMS of them and shares HEADLINE_ON_PAGE with the page's text;
    else None. A body that is another block than the story rarely carries its topic words."""
    if not ctx.title or ctx.page_lines is None:
        return None
    title = content_stems(ctx.title)
    if len(title) < HEADLINE_MIN_STEMS:
        return None
    if not on_page(title, ctx.page_lines):
        return None
    body = set().union(*(content_stems(line.text) for line in ctx.lines))
    return len(title - body) / len(title)


def on_page(title: set[str] | frozenset[str], page_lines: list[str]) -> bool:
    """Whether HEADLINE_ON_PAGE of the ``title``'s content words are among the page lines':
    read from the top and stopped once enough are found (the headline is near the top; the
    page's other lines need not be read)."""
    wanted = HEADLINE_ON_PAGE * len(title)
    found: set[str] = set()
    for text in page_lines:
        found |= title & content_stems(text)
        if len(found) >= wanted:
            return True
    return False


def model_evidence(
    ctx: Context, pairs: list[tuple[str, bool]], weights: dict[int, float], code: str
) -> list[Finding]:
    """The EVIDENCE_LINES heaviest lines of ``weights`` (input index -> weighted words) as
    notes: a kept line on its body line, a removed one on its input line (for a page, its
    line in the page's text)."""
    heaviest = sorted(weights, key=lambda i: (-weights[i], i))[:EVIDENCE_LINES]
    body_line = {normalize(line.text): line for line in ctx.lines}
    found = []
    for i in heaviest:
        if weights[i] < EVIDENCE_MIN_WORDS:
            break
        text = pairs[i][0].strip()
        words = f"{round(weights[i])} words"
        if code == MODEL_JUNK_CODE:
            line = body_line.get(normalize(text))
            number, original = (line.number, line.original) if line else (0, None)
            message = f"kept, but reads as template to the line model (~{words})"
        else:
            number, original = 0, ctx.input_numbers[i] if ctx.input_numbers else i + 1
            message = f"removed near the story, but reads as story to the line model (~{words})"
        found.append(Finding(code, number, text, "linemodel", LOW, message, original))
    return found


def near_story(pairs: list[tuple[str, bool]], probability: list[float]) -> list[int]:
    """Indices of left-out lines in the kept lines' span or in story-like runs next to it
    (at most STORY_WINDOW_GAP junk-like lines apart). An empty body: every line."""
    kept = [i for i, (_, is_kept) in enumerate(pairs) if is_kept]
    if not kept:
        return list(range(len(pairs)))
    chosen = [i for i in range(kept[0], kept[-1] + 1) if not pairs[i][1]]
    for start, step in ((kept[0] - 1, -1), (kept[-1] + 1, 1)):
        gap, index = 0, start
        while 0 <= index < len(pairs) and gap <= STORY_WINDOW_GAP:
            if probability[index] < STORY_LINE_PROBABILITY:
                chosen.append(index)
                gap = 0
            else:
                gap += 1
            index += step
    return sorted(chosen)


def prose_lost(candidates: list[str], ctx: Context) -> int:
    """Words of the candidate lines that read as prose, are not in the body and are not named
    by the junk library (comments, appeals)."""
    kept = "\n".join(normalize(line.text) for line in ctx.lines)
    return sum(
        word_count(text)
        for text in candidates
        if is_prose(text) and normalize(text) not in kept and junk_pattern_hit(text) is None
    )


def predicted_f1(junk: float, lost: float | None) -> float:
    """The word F1 of a body with ``junk`` of its words junk and ``lost`` of the story lost."""
    precision, recall = 1.0 - junk, 1.0 - (lost or 0.0)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
