"""The per-line and per-document caches of the line model and the validator: what they
remember gives the same features, scores and answers as working afresh, and the per-line
caches stay within their bound over any number of distinct lines."""

from __future__ import annotations

from collections import Counter

import numpy as np

from cleaner.dates import DATE_MENTION, DATE_MENTION_TAIL_CHARS, mentions_date
from cleaner.generic.region import PROMPT_GATE, PROMPT_KEYWORDS
from cleaner.linemodel import junk_probabilities, load_model
from cleaner.linemodel.features import (
    FEATURE_NAMES,
    LINE_FEATURES,
    LOG1P_TABLE_SIZE,
    PUNCTUATION,
    URLISH,
    character_counts,
    distances,
    document_features,
    features_of,
    is_urlish,
    log1p_of,
    read_line,
    topic_overlaps,
    window_sum,
)
from cleaner.linemodel.hand import (
    FURNITURE_GATE,
    FURNITURE_KEYWORDS,
    REGION_JUNK_PENALTY,
    REGION_PROSE_CAP,
    REGION_PROSE_OFFSET,
    REGION_REPEAT_MIN,
    REGION_REPEAT_PENALTY,
    REGION_SHAPE_PENALTY,
    hand_scores,
    is_furniture,
    is_teaser_shaped,
    line_score,
    score_shape,
)
from cleaner.pipeline import default_rulebook
from cleaner.text import (
    LINE_CACHE_SIZE,
    WORD,
    initial_counts,
    is_prose,
    line_words,
    normalize,
    word_count,
    word_stats,
)
from cleaner.validate.context import BodyLine, Context
from cleaner.validate.residual import junk_named, junk_pattern_hit
from cleaner.validate.structure import (
    CONTENT_CACHE_SIZE,
    CREDIT,
    DANGLING_END,
    OFF_TOPIC_MAX_SHARED,
    content_stems,
    dangling_end,
    is_credit,
    list_shape,
    shares_topic,
)
from tests.conftest import FIXTURES, fixture_text_inputs


def fixture_texts() -> list[list[str]]:
    """The non-blank stripped lines of every text fixture input."""
    stripped = ([line.strip() for line in text.splitlines()] for text in fixture_text_inputs())
    return [[line for line in lines if line] for lines in stripped]


def fresh_line(text: str) -> tuple[tuple[float, ...], frozenset[str], bytes]:
    """``read_line`` without its cache."""
    return read_line.__wrapped__(text)


def test_cached_line_features_equal_fresh_ones() -> None:
    read_line.cache_clear()
    for lines in fixture_texts():
        for text in lines:
            fresh = fresh_line(text)
            assert read_line(text) == fresh
            assert read_line(text) == fresh  # the second answer comes from the cache
            found = WORD.findall(text)
            assert features_of(text, found, [w.lower() for w in found]) == fresh[0]
            assert np.frombuffer(fresh[2]).tolist() == list(fresh[0])  # the row's bytes


def test_shortcuts_give_the_searches_answers() -> None:
    """The shared word list, the date search cut to a line's end when it has no digit, the
    open-sentence search started near the line's end and the table of ``log1p`` answer as
    the work they stand for."""
    edge_cases = ["Chicago", "3 days ago", "Posted ago", "Tobago\n", "x ago\n", "vor", "Jan 5"]
    edge_cases += ["bathe", "He said that", "xsaid that", "and,\n", "in the\n", "sunset", "—"]
    for text in [line for lines in fixture_texts() for line in lines] + edge_cases:
        assert line_words(text) == tuple(WORD.findall(text))
        assert word_stats(text) == word_stats.__wrapped__(text)
        assert mentions_date(text) == bool(DATE_MENTION.search(text)), text
        assert dangling_end(text) == bool(DANGLING_END.search(text)), text
    for count in [*range(100), LOG1P_TABLE_SIZE - 1, LOG1P_TABLE_SIZE, 10**6]:
        assert log1p_of(count) == float(np.log1p(count))


def test_counting_shortcuts_count_as_the_definitions() -> None:
    """The ASCII byte counts of a line's characters and its words' initials, the substring
    tests before the address search and the date search narrowed to its numeric form answer
    as testing every character, every initial and every pattern does: on the fixtures' lines,
    on every ASCII character and on characters a case-insensitive match folds (the long s,
    the Kelvin sign, the dotted capital I), numbers that are not digits and title case."""
    edge_cases = [
        *(f"a{chr(code)}b {chr(code)}x" for code in range(128)),
        "httpſ://x", "wwW.example", "see x.ORG now", "a @b", "mail@", "x.Net.", "sſep 5 x",
        "o\u212at 5 x", "ma\u0130 5 x", "5 M\u00c4R x", "12.03.2024 x", "3 of 5.", "1/2/03",
        "\u2170x Ab", "\u01c5emal Ab", "\u00aabc Def", "Über Öl Ärger 4", "v4 ist vor 2",
        "Sign up: our NEWSLETTER", "Log in", "©", "Unterstütze uns per PayPal", "Click HERE",
        "“Quote” — A1 ½ ² ٣ Ⅻ «Ω» 5", "東京 2024年 ＡＢ１", "x\u00a0Y\u2003z !", "©2024 Ünïcode",
    ]  # fmt: skip
    for text in [line for lines in fixture_texts() for line in lines] + edge_cases:
        assert character_counts(text) == (
            sum(map(str.isdigit, text)),
            sum(map(str.isupper, text)),
            len(PUNCTUATION.findall(text)),
        ), text
        initials = [w[0] for w in WORD.findall(text) if w[0].isalpha()]
        assert initial_counts(tuple(WORD.findall(text))) == (
            len(initials),
            sum(map(str.islower, initials)),
            sum(map(str.isupper, initials)),
        ), text
        assert is_urlish(text) == bool(URLISH.search(text)), text
        searched = text if any(map(str.isdigit, text)) else text[-DATE_MENTION_TAIL_CHARS:]
        assert mentions_date(text) == bool(DATE_MENTION.search(searched)), text
        lowered = text.lower()
        gate = next(FURNITURE_GATE.iter(lowered), None) is not None
        assert gate == any(word in lowered for word in FURNITURE_KEYWORDS), text
        prompt = next(PROMPT_GATE.iter(lowered), None) is not None
        assert prompt == any(word in lowered for word in PROMPT_KEYWORDS), text


def test_cached_scores_equal_uncached_scores() -> None:
    """The memo of a document's probabilities and the per-line cache change no score: the
    same matrix and the same probabilities as features read afresh, line by line."""
    heads, _ = load_model()
    for lines in fixture_texts():
        matrix = document_features(lines)
        fresh = np.array([fresh_line(t)[0] for t in lines]).reshape(len(lines), -1)
        assert np.array_equal(matrix[:, : len(LINE_FEATURES)], fresh)
        column = FEATURE_NAMES.index("topic_overlap")
        is_prose = fresh[:, LINE_FEATURES.index("is_prose")] > 0
        overlaps = topic_overlaps([fresh_line(t)[1] for t in lines], is_prose.tolist())
        assert matrix[:, column].tolist() == overlaps
        for context in ("dump", "cleaned"):
            raw = heads[context].raw_scores(matrix)
            expected = (1.0 / (1.0 + np.exp(-raw))).tolist()
            memo: dict = {}
            assert junk_probabilities(lines, context, memo=memo) == expected
            assert junk_probabilities(lines, context, memo=memo) == expected  # from the memo
            assert len(memo) == 1


def test_the_per_line_cache_stays_bounded() -> None:
    read_line.cache_clear()
    for number in range(LINE_CACHE_SIZE + 100):
        read_line(f"Line number {number} of a page nobody has seen before.")
    info = read_line.cache_info()
    assert info.maxsize == LINE_CACHE_SIZE
    assert info.currsize == LINE_CACHE_SIZE
    assert info.misses == LINE_CACHE_SIZE + 100


def test_the_junk_library_cache_stays_bounded_and_answers_as_afresh() -> None:
    junk_pattern_hit.cache_clear()
    for lines in fixture_texts():
        for text in lines:
            assert junk_pattern_hit(text) == junk_pattern_hit.__wrapped__(text)
            assert junk_named(text) == (junk_pattern_hit.__wrapped__(text) is not None)
    for number in range(LINE_CACHE_SIZE + 100):
        junk_pattern_hit(f"Advertisement {number}")
    assert junk_pattern_hit.cache_info().currsize == LINE_CACHE_SIZE


def test_the_validators_line_shapes_remembered_answer_as_afresh() -> None:
    """The open-sentence end, the list or table shape and the credit of a line, remembered per
    line text, answer as the searches do, and each cache stays within its bound."""
    edge_cases = ["| a | b |", "• item", "12. item", "(a) item", "- item", "Reporting by X"]
    for cached in (dangling_end, list_shape, is_credit):
        cached.cache_clear()
    for text in [line for lines in fixture_texts() for line in lines] + edge_cases:
        for _ in range(2):  # the second answer comes from the cache
            assert dangling_end(text) == bool(DANGLING_END.search(text)), text
            assert list_shape(text) == list_shape.__wrapped__(text), text
            assert is_credit(text) == bool(CREDIT.search(text)), text
    for number in range(CONTENT_CACHE_SIZE + 100):
        is_credit(f"Line {number}, reporting")
    assert is_credit.cache_info().currsize == CONTENT_CACHE_SIZE


def shares_topic_afresh(lines: list[BodyLine], index: int) -> bool:
    """``shares_topic`` as it read before the body's stem counts were shared: the union of the
    other lines' stems."""
    mine = content_stems(lines[index].text)
    others: set[str] = set()
    for i, line in enumerate(lines):
        if i != index:
            others |= content_stems(line.text)
    return bool(mine) and len(mine & others) / len(mine) >= OFF_TOPIC_MAX_SHARED


def test_shared_stem_counts_answer_as_the_union_of_the_other_lines() -> None:
    rulebook = default_rulebook()
    for lines in fixture_texts():
        body = [BodyLine(2 * i + 1, text) for i, text in enumerate(lines)]
        ctx = Context(body, rulebook)
        assert [shares_topic(ctx, i) for i in range(len(body))] == [
            shares_topic_afresh(body, i) for i in range(len(body))
        ]


def test_a_document_scores_each_list_of_its_lines_once(monkeypatch) -> None:
    """Through the pipeline: the region finder's passes, the repair and the verdict share the
    document's scores, one scoring per distinct list of lines; nothing is remembered between
    documents."""
    import cleaner
    import cleaner.linemodel as linemodel

    scored = []
    score = linemodel.document_probabilities
    monkeypatch.setattr(
        linemodel, "document_probabilities", lambda *args: scored.append(args) or score(*args)
    )
    page = FIXTURES / "generic" / "putin-north-korea-2024-06-premium.txt"
    text = page.read_text("utf-8")
    doc = cleaner.clean(text)
    assert doc.verdict is not None
    assert len(scored) == len(doc.line_scores) >= 1
    assert len(set(scored)) == len(scored)
    again = cleaner.clean(text)
    assert len(scored) == 2 * len(doc.line_scores)  # scored afresh: no memo between documents
    assert again.text == doc.text


def topic_overlaps_counted(words: list[frozenset[str]], prose: list[bool]) -> list[float]:
    """``topic_overlaps`` word by word, as it was first written."""
    counts: dict[str, int] = {}
    for bag, is_story_like in zip(words, prose, strict=True):
        for word in bag if is_story_like else ():
            counts[word] = counts.get(word, 0) + 1
    overlaps = []
    for bag, is_story_like in zip(words, prose, strict=True):
        if not bag:
            overlaps.append(0.0)
        elif is_story_like:
            overlaps.append(sum(1 for w in bag if counts[w] > 1) / len(bag))
        else:
            overlaps.append(sum(1 for w in bag if w in counts) / len(bag))
    return overlaps


def test_topic_overlaps_count_as_word_by_word() -> None:
    for lines in fixture_texts():
        words = [fresh_line(text)[1] for text in lines]
        for prose in ([fresh_line(t)[0][LINE_FEATURES.index("is_prose")] > 0 for t in lines],
                      [True] * len(lines), [i % 2 == 0 for i in range(len(lines))]):  # fmt: skip
            assert topic_overlaps(words, prose) == topic_overlaps_counted(words, prose)


def line_score_defined(text: str, repeats: int) -> float:
    """``hand.line_score`` as its definition reads, every test made afresh."""
    penalty = REGION_REPEAT_PENALTY if repeats >= REGION_REPEAT_MIN else 0.0
    if is_prose(text) and not is_furniture(text):
        return min(word_count(text), REGION_PROSE_CAP) - REGION_PROSE_OFFSET - penalty
    if is_teaser_shaped(text):
        penalty += REGION_SHAPE_PENALTY
    return -REGION_JUNK_PENALTY - penalty


def test_hand_scores_from_the_cached_shape_equal_the_definition() -> None:
    score_shape.cache_clear()
    for lines in fixture_texts():
        for repeats in (1, REGION_REPEAT_MIN):
            assert [line_score(t, repeats) for t in lines] == [
                line_score_defined(t, repeats) for t in lines
            ]
        counts = Counter(map(normalize, lines))
        given = [counts[normalize(t)] for t in lines]
        assert hand_scores(lines, given) == hand_scores(lines)
        assert hand_scores(lines) == [
            line_score_defined(t, n) for t, n in zip(lines, given, strict=True)
        ]


def test_window_sums_and_distances_of_rows_equal_each_row_alone() -> None:
    rng = np.random.default_rng(7)
    for n in (1, 2, 5, 40):
        values = rng.random((3, n)) * 50
        marked = rng.random((2, n)) < 0.3
        together = window_sum(values)
        assert all(np.array_equal(together[i], window_sum(values[i])) for i in range(3))
        above, below = distances(marked)
        for i in range(2):
            alone = distances(marked[i])
            assert np.array_equal(above[i], alone[0]) and np.array_equal(below[i], alone[1])
