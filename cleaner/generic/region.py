"""Body-region finder: label each line story or chrome, and drop the chrome.

The scores are learned (``line_scores``): the line model's "dump" head gives each line the
probability that it is not body, from the line, its neighbours and its page, and a line scores
its log-odds of being body times the square root of its words. The sequence decoder
(``cleaner/generic/decoder.py``) then labels the lines jointly: template before the story, the
story, template inside it (an inline ad, a "Read more" line: the story resumes after it) and
template after it, with the cost of each step between neighbouring lines counted on the
development gold. A list a paragraph leads into, a sub-heading over prose or a short lede stay
with the story because the steps into them are likely, not because each line scores up alone.

The hand-set scores (``cleaner/linemodel/hand.py``: ``line_score``, ``hand_scores``) were the
finder's before the model; the model now reads them, and the maximum-sum runs they make
(``story_regions``), as features, and a text too short for the model is still scored with them
(``short_text_scores``).

Learned scores read a line's neighbours, so removing chrome can change the score of a line
beside it: the finder decodes again what it kept until it keeps all of it, and the pipeline
repeats its steps until a pass removes nothing, so cleaning that fixed point again changes
nothing (``tests/test_properties.py``).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from cleaner.dates import COMMENT_STAMP, TIMESTAMP_MAX_WORDS
from cleaner.document import Document, Line
from cleaner.generic.decoder import (
    DEK_MAX_WORDS,
    HEADING_MAX_WORDS,
    LEAD_IN_MIN_WORDS,
    story_lines,
)
from cleaner.generic.junk_patterns import JUNK_PATTERNS
from cleaner.linemodel import SURE_STORY_JUNK_MAX, Scores, junk_probabilities
from cleaner.linemodel.features import STOPWORDS
from cleaner.linemodel.hand import (
    LINE_CACHE_SIZE,
    REGION_PROSE_CAP,
    hand_scores,
    is_furniture,
    is_teaser_shaped,
    keyword_automaton,
    lead_in_runs,
    story_regions,
)
from cleaner.text import (
    BULLET,
    ends_like_sentence,
    is_dateline,
    is_prose,
    squash_whitespace,
    word_count,
)

REGION_BODY_PROBABILITY = 0.5
"""A line the model finds this likely to be body scores zero: it neither carries nor breaks a
story. Chosen cross-fitted on the tune sites (``bench/splits.py``'s ``tune_half``): with the
model trained on one half, word F1 on the other half's big9 / wcxb-dev articles /
trafilatura-eval pages was 0.964 / 0.900 / 0.854 at 0.5, 0.965 / 0.901 / 0.847 at 0.4, and
0.935 / 0.892 / 0.826 at 0.65 (which the model's own training sites had favoured)."""
BODY_LOG_ODDS = math.log(REGION_BODY_PROBABILITY / (1.0 - REGION_BODY_PROBABILITY))
REGION_MODEL_MIN_LINES = 12
"""Fewer lines than this are too little page for the model, which learned from whole dumps
(a median of 236 non-blank lines): its page features (position, runs, repeats) mean little in a
four-line text, where it can call a lone paragraph chrome. The hand-set scores judge those, and
their best runs are kept (``story_regions``): the decoder's step costs were weighed against the
model's scores, not against the hand-set ones."""
PROBABILITY_FLOOR = 1e-4
"""Probabilities are clipped this far from 0 and 1, so no single line's log-odds is unbounded."""
SHORT_TEXT_LINE_SCORE = 1.0
"""In a text too short for the model, the score of a short line that reads as a sentence (a
closing quote, a one-line greeting) or as an item of a list a lead-in introduces: once rules
removed the chrome, such a line beside the story is story, so it joins the run it touches; it
is too little to carry a run of its own."""
SHORT_SENTENCE_MIN_WORDS = 2
"""A one-word line ("Share", "Advertisement.") is a widget, even with a full stop."""
TEMPLATE_LINE_SCORE = -3.0
"""In a batch that removes site templates, a line of the site's template (on many of the site's
pages in the run) scores at most this, unless the line model is sure it is story
(``SURE_STORY_JUNK_MAX``): below zero, so it never carries the story, and about what a short
line of chrome scores, so a list of them is a gap the story may resume after. On big9's tune
sites, dumps cleaned per site as a batch (``bench/generic_dumps.py``): word F1 0.929 without
the cap, 0.939 at -0.5, 0.940 at -1, -3 and -10 (from -1 down, a lower cap changes nothing)."""
TEMPLATE_MIN_WORDS = 2
"""A site's template line shorter than this is not treated as template, by the region finder
(it keeps its score) nor by the batch's removal: a one-word line that recurs on a site's pages
is a piece of a sentence a dump split at its links ('(nyse:', 'people') or a label of the
content ('js', '1.') as often as chrome. On big9's tune sites, cleaned per site as a batch
(``bench/generic_dumps.py``, before the region finder's ``TEMPLATE_MAX_LOST_SHARE``): word F1
0.9661 at 1, 0.9669 at 2 and at 3; wcxb-dev all page types 0.8031, 0.8031, 0.8039."""
TEMPLATE_MAX_LOST_SHARE = 0.4
"""Above this share of the words of the story found without the site's template lines, what
scoring them as template loses (``template_is_content``) is the page's content, not a template
around it. On the tune sites, per page: the template around a big9 story (nymag's login box,
forbes' link bar) was at most 0.32 of it, and every such page gained; on wcxb-dev's shop and
category pages what recurs (amazon's departments, a shop's offers) was 0.43 to 0.92 of the
page, mostly lost (amazon's category page 0.92 -> 0.27). Batch word F1 on the tune sites: big9
0.9669 with no limit, 0.9632 at 0.25, 0.9669 at 0.4; wcxb-dev all types 0.8031, 0.8050, 0.8048
(cleaned one page at a time: 0.9616 and 0.8049)."""
CONTRIBUTOR_DISCLAIMER = regex.compile(
    r"\b(?:opinions|views) expressed (?:here |in this (?:article|post|column|story) )?"
    r"(?:by [\w .'’-]{1,40} )?are (?:those of|their own|the author|solely|my own)"
    r"|^the author is an? [\w .'’-]{1,40} contributor\b"
    r"|\b(?:les )?(?:opinions|propos) exprimée?s [^.]{0,80}n['’]engagent que"
    r"|\b(?:las )?opiniones expresadas [^.]{0,80}(?:son (?:de )?(?:exclusiva )?responsabilidad"
    r"|no (?:reflejan|representan))"
    r"|\b(?:die )?(?:hier )?geäußerten? meinung(?:en)? [^.]{0,80}(?:gibt|geben|spiegel[nt])"
    r" (?:nicht|ausschließlich)",
    regex.IGNORECASE,
)
"""A column's disclaimer ('The author is a Forbes contributor. The opinions expressed are those
of the writer.', 'Opinions expressed by Forbes Contributors are their own.'), in the languages of
the development pages too ('Les opinions exprimées dans les blogs du Monde diplomatique
n'engagent que leurs auteurs.', 'Las opiniones expresadas son responsabilidad exclusiva de sus
autores.', 'Die hier geäußerte Meinung gibt nicht die Meinung der Redaktion wieder.'):
template wherever it stands, though it reads as a sentence; once the rules removed what stood
around it, the line model read one right above a Forbes story as its first line."""
DISCLAIMER_WORDS = ("expressed", "contributor", "exprimé", "expresadas", "geäußert")
"""Every ``CONTRIBUTOR_DISCLAIMER`` shape holds one of these: the cheap test before the
pattern."""
DISCLAIMER_MAX_WORDS = 30
"""A disclaimer is a sentence or two; a longer line that says so is a paragraph about it."""
TEASER_LABEL = next(j for j in JUNK_PATTERNS if j.id == "teaser-label")
RELATED_BOX_MAX_HEADLINES = 3
"""Headlines under a teaser label that read as its box of related stories at most; a longer
list is the page's teaser list, which the decoder ends the story at or leaves out already."""
BOX_HEADLINE_MIN_WORDS = 3
"""A teaser's headline has this many words at least; one or two are a label or a button."""
BOX_HEADLINE_MAX_WORDS = 20
"""A teaser's headline has at most this many words; a longer line is a paragraph."""
TRUNCATION_MARKS = ("…", "...")
"""How a teaser's summary cut to length ends ('In our latest game review, we look at one of
the PS2 …'): a story's paragraph is printed whole."""
TEASER_RUN_MIN_PAIRS = 3
"""A list of teasers (a headline and its one-sentence summary, again and again: "Latest News",
"Caption ..." video carousels) has at least this many pairs; a story's sub-heading over a short
paragraph does not come three times in a row."""
TEASER_PAIR_MAX_DISTANCE = 4
"""Lines from one teaser pair's headline to the next one's at most: a summary, a time stamp
and a byline stand between them."""
CREDIT_MARKERS = (
    "photo|foto|fotos|bild|image|picture|credit|crédit|crédito|créditos|zdjęcie|imagen"
    "|beitragsbild|titelbild|symbolbild|bildnachweis|photograph|kuva"
)
"""Words that introduce a picture's credit in the languages of the development pages."""
PHOTO_AGENCIES = r"getty images|shutterstock(?:\.com)?|istock(?:photo)?|picture[- ]alliance|imago"
"""Picture agencies whose name ends a caption after a photographer's ('Erik Isakson / Getty
Images'); a news agency ('dpa', 'Reuters') ends a wire story's paragraph as often."""
NEWS_AGENCIES = "ap|afp|dpa|reuters|epa|kcna|xinhua|efe|ansa"
"""News agencies, whose name ends a picture's credit only after a slash ('.../AFP/Getty
Images', '(REUTERS/Denis Balibouse)'): '(FR mit dpa)' closes a story."""
AGENCY_ENDINGS = ("images", "shutterstock", ".com", "istock", "istockphoto", "alliance", "imago",
                  *NEWS_AGENCIES.split("|"))  # fmt: skip
"""How a line that ends in an agency's name (``PHOTO_AGENCIES``, ``NEWS_AGENCIES``) ends."""
CREDIT_NAME = r"(?:[^.!?:]|\.(?=\S)){1,80}\.?"
"""The names after a credit's marker: up to 80 characters with no sentence end inside them (a
dot inside a web address is none: 'Foto: www.k-einbruch.de'), and a full stop at the end
('Foto: Archivo El País.')."""
PHOTO_CREDIT = regex.compile(
    rf"(?:^|[\s|,.;(])(?:{CREDIT_MARKERS})s?(?: credit| courtesy| source)?\s*:\s*{CREDIT_NAME}"
    r"\)?$"
    r"|(?:^|[.|]\s*)(?:photograph|photo|image|picture)s? (?:by|courtesy of) \p{Lu}[^.!?]{0,60}$"
    r"|(?-i:\([Cc]\)\s*\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*){0,3})$"
    rf"|(?-i:\.\s+(?:{NEWS_AGENCIES.upper()}))$"
    r"|\((?:ap photo|photo|foto|bild|image|credit|courtesy|file photo)\b[^()]{0,80}\)$"
    rf"|\((?:{NEWS_AGENCIES})/[^()]{{1,80}}\)$"
    r"|(?:^|[\s.|\p{L}])©\s*\p{L}[^.!?©]{0,80}$"
    rf"|\s(?:{PHOTO_AGENCIES})$"
    rf"|/\s*(?:{PHOTO_AGENCIES}|{NEWS_AGENCIES})\s*\)?$",
    regex.IGNORECASE,
)
"""A line that ends in a picture's credit: 'Foto: ÖTZ', '... in 1981. (AP Photo/D. Pickoff,
File)', '... gesegnet. | © Augusta National/Getty Images', '... burnt out.PixelVista / Getty
Images', 'Photograph by Ed Marshall', '... / (C) Kab Niang', '... el 11 de febrero pasado.
EFE' (a news agency in capitals after a caption's full stop; '(Reuters)' closing a wire story
is no credit). A caption, or a credit alone, which a dump sets between the story's paragraphs.
On the tune sites' dumps, of the lines the decoder kept that end so, 153 words on big9 and 2,154 on
wcxb-dev's articles were not story against 26 that were (a logo's credit in a product page);
eight of trafilatura-eval's unwanted snippets and none of its wanted ones."""
CAPTION_POSITION = regex.compile(
    r"\((?:l\.|r\.|li\.|re\.|v\. ?[lr]\.|l\.? ?-r\.?|l\. ?n\. ?r\.|left|right|centre|center"
    r"|(?:\d(?:st|nd|rd|th) )?(?:from )?(?:left|right)|links|rechts"
    r"|izq\.|der\.|izquierda|derecha|à gauche|à droite)\)",
    regex.IGNORECASE,
)
"""Where a person or a thing stands in the picture, in brackets ('Marcell Jansen (l.) und Piotr
Trochowski ...', 'Senator the Hon. Aubyn Hill (right), looks on as ...', 'Conor Pilkington
(centre)', '(from left)', '(links)'): a caption's words, not a story's. On the tune sites'
dumps, of the lines of at most ``CAPTION_MAX_WORDS`` the decoder kept that hold one, 34 words on
big9 and wcxb-dev's articles were not story against none that were; four of
trafilatura-eval's unwanted snippets and none of its wanted ones. Not '(Mitte)' nor '(top)':
a recipe bakes 'im Ofen (Mitte)'. Nor '(pictured)' or '(inset)': British tabloids write them
into the story's own sentences ('Jane Smith, 34, (pictured) was found ...')."""
CAPTION_MAX_WORDS = 40
"""A caption is a sentence or two; a longer line with a position in brackets is a paragraph
that says where someone stood."""
SITE_PROMPT = regex.compile(
    r"^(?:pour rester informée?s?|restez informée?s?),? (?:inscrivez-vous|abonnez-vous)\b"
    r"|(?:^|[.!?] )(?:inscrivez-vous|abonnez-vous|suscríbete|suscribete|iscriviti|abonnieren sie"
    r"|abonniere|melden sie sich|zapisz się)\b.{0,40}\bnewslett"
    r"|^get regular updates on\b"
    r"|\b(?:als|im) abo\b.{0,40}\b(?:oder|und) (?:einzelheft|e-paper)\b"
    r"|\b(?:im abo|als e-paper)\b.{0,60}\berhältlich\b"
    r"|^jetzt (?:kostenlos )?(?:registrieren|abonnieren)!?$"
    r"|(?:^|[.!?] )(?:unterstütze|unterstützen sie|support|apoya|soutenez)\s+(?:\S+\s+){0,3}"
    r"(?:mit|with|con|avec)\s+(?:\d|€|\$)"
    r"|\b(?:nuestro|tenemos|our|unseren?|notre) (?:canal|channel|kanal) (?:de|on|auf|bei|en)"
    r" (?:telegram|whatsapp|youtube)\b"
    r"|\b(?:únete|join|folge|folgen sie|síguenos|follow)\b.{0,40}\b(?:telegram|whatsapp)\b"
    r"|^sie lesen gerne? [\w.-]+\?$|^(?:gefällt|gefallen) (?:dir|ihnen) (?:unser|unsere) [\w-]+\?"
    r"|\b(?:keine bezahlschranke|no paywall|sin muro de pago)\b"
    r"|\b(?:hier|here) (?:klicken|click)\b.{0,40}\b(?:registrieren|register|subscribe|abonnieren)\b"
    r"|\benter your email\b.{0,60}\b(?:inbox|announcements|updates)\b"
    r"|\bzapraszamy (?:też )?do subskrypcji\b|\berhalten sie exklusive angebote\b",
    regex.IGNORECASE,
)
"""A site's prompt under or inside a story to sign up for its newsletter ('Pour rester informé
inscrivez-vous à la newsletter', 'Get regular updates on the latest tutorials, offers & news at
...') or to subscribe or register ('Die aktuelle Ausgabe ... im Abo, als e-Paper ...
erhältlich', 'Jetzt registrieren'), to pay for it ('Unterstütze RosaMag bereits mit 2,50!',
'... keine Bezahlschranke (Paywall) einzuführen'), to follow its own channel ('¡Mira lo que
tiene nuestro canal de YouTube!', 'Únete ... Telegram'), or a question to its readers that
leads into one ('Sie lesen gern Achgut.com?', 'Gefällt dir unser Klettermagazin?'):
template wherever it stands, so the decoder passes over it, and under the story it ends there.
The appeals (2026-12-08, trafilatura-eval's tune pages): 9 unwanted snippets fewer, no wanted
one lost, no big9 or wcxb-dev tune page changed (F1 0.8913 -> 0.8936).
Not a drop rule: on the tune sites' dumps such rules took mostly lines the finder removed anyway
('Newsletter', 'Subscribe'), and their absence moved the line model's reading of their
neighbours (big9's tune pages 0.9668 to 0.9664: three Los Angeles Times stories lost a
paragraph each). Measured and left out: a link to the previous or next post ('Article suivant
...', 'Older post: ...'), which took one unwanted snippet on trafilatura-eval's tune pages but,
scored as template, let the story run on into the teasers below it on two wcxb-dev articles
(0.957 to 0.948, 0.998 to 0.986)."""
PROMPT_MAX_WORDS = 60
"""A prompt is a line or two; a longer line that matches is a paragraph about one."""
PROMPT_KEYWORDS = (
    "newslett", "abo", "registrieren", "get regular", "informé", "unterstütz", "support",
    "apoya", "soutenez", "telegram", "whatsapp", "youtube", "lesen gern", "gefällt", "gefallen",
    "bezahlschranke", "paywall", "muro de pago", "klicken", "click", "your email", "subskrypc",
    "exklusive angebote",
)  # fmt: skip
"""Every ``SITE_PROMPT`` shape holds one of these (lower-cased): a line with none is no prompt,
and the substring test is far cheaper than the pattern on every line."""
CREDIT_TAIL_CHARS = 120
"""Every shape of ``PHOTO_CREDIT`` fits in this many characters at a line's end (a marker
and at most 80 characters of names)."""
SENTENCE_BREAK = regex.compile(r"[.!?][\"'”’)]*\s+\p{Lu}")
"""Where one sentence ends and the next begins, inside a line."""
COMMENT_COUNT = r"(\d+|one|ein|eine|un|une|uno|una)"
"""How a comment section's heading counts its comments: a number, or the word for one that
blog platforms print for a single comment ('One thought on ...', 'Ein Gedanke zu ...')."""
COMMENT_FORM = (
    rf"^{COMMENT_COUNT} (thoughts?|responses?|repl(y|ies)|comments?) (on|to) .{{1,200}}$"
    rf"|^{COMMENT_COUNT} (comments?|kommentare?|commentaires?|comentarios?|comment[io]):$"
    r"|^(post|add|write) your (comment|reply)$|^write a comment"
    r"|^comment by .{1,60} (—|–|-|on|at|am) .{0,40}\d.{0,20}$"
    rf"|^{COMMENT_COUNT} (antwort(en)?|kommentare?|gedanken?) (zu|auf) .{{1,200}}$"
    rf"|^{COMMENT_COUNT} (réponses?|commentaires?) (à|a|sur) .{{1,200}}$"
    rf"|^{COMMENT_COUNT} (respuestas?|comentarios?) (a|en) .{{1,200}}$"
    rf"|^{COMMENT_COUNT} (rispost[ae]|comment[io]) (a|su) .{{1,200}}$"
    r"|^(hinterlasse|schreibe|verfasse) (jetzt |doch )?einen kommentar"
    r"|^kommentar (verfassen|schreiben)"
    r"|^laisser un commentaire|^deja (un comentario|una respuesta)|^lascia un commento"
    r"|^deixe (um comentário|uma resposta)"
)
"""A comment section's own heading or form ('3 thoughts on ...', 'One response to ...', '10
comments:' over a blog's comments, 'Post Your Comment', a comment's own header 'Comment by
Daniel — 17.07, 2011 @ 13:10'), in the languages blog platforms ship it in ('11 Antworten zu
...', 'Hinterlasse einen Kommentar', 'Laisser un commentaire'): one of
``COMMENT_SECTION_HEADING``'s lines, and with 'Leave a Reply' ``COMMENT_FORM_HEADING``."""
COMMENT_SECTION_HEADING = regex.compile(
    rf"^((reader|readers['’]?|promoted|featured|top|selected|user|recent|latest) )?comments"
    rf"( \d+)?$|{COMMENT_FORM}|^notify of$|^conversation$|^reply$"
    r"|^loading comments|^(\d+ )?kommentare( \(\d+\))?$|^commentaires$|^comentarios$"
    r"|^commenti$|^(neueste|letzte) kommentare$",
    regex.IGNORECASE,
)
"""Lines that open or stand in a comment section ('3 thoughts on "Title"', 'Reader comments',
'Promoted Comments', 'Featured Comments', 'Reply'), beside the junk library's comment
counters and widgets (``COMMENT_MARKERS``) and a comment's date header
(``is_comment_stamp``)."""
COMMENT_KEYWORDS = (
    "comment", "repl", "respons", "thought", "notify", "conversation", "discussion", "debate",
    "guidelines", "published", "required", "kommentar", "antwort", "gedanke", "réponse",
    "respuesta", "comentario", "rispost", "comentário", "resposta",
)  # fmt: skip
"""Words every comment marker contains: a line with none of them is no marker, and the
substring test is far cheaper than the patterns on every line below the story's start."""
COMMENT_MARKERS = tuple(j for j in JUNK_PATTERNS if j.id in ("comment-count", "comment-widget"))
TEMPLATE_CODE = next(j for j in JUNK_PATTERNS if j.id == "template-code")
"""Markup and template code left in the text ('<script src=...>', '</noscript>', '{{article.
title}}'): an ad's code between two paragraphs of a 2005 news page, a "republish this story"
box's HTML. On the tune sites' dumps, of the lines the decoder kept that it names, 507 words on
big9 and 2,650 on wcxb-dev's articles were not story against 163 that were (HTML examples in
a how-to)."""
COMMENTS_MIN_STORY_SHARE = 0.6
"""A comment section's heading ends the story only when at least this share of the words the
decoder kept stands above it. On the tune sites (lines the decoder kept below the heading,
matched against the gold), 0.6 cut 1,386 words of comments and forms on big9 and 6,362 on
wcxb-dev's articles for 12 and 5 words of story; without the thread test
(``COMMENTS_THREAD_SHARE``), 0.5 cut 252 and 162 words of story (a 'Read All Comments' link in
mid-story) and 0.7 a third less comments on wcxb-dev than 0.6."""
COMMENTS_THREAD_SHARE = 0.1
"""A comment marker with at least this share of the kept words above it, but less than
``COMMENTS_MIN_STORY_SHARE``, says the page is a thread (a forum, a Q&A page: posts and their
'Reply' buttons alternate from the first post on) whose replies are the content: then nothing
is cut. Above this share stand the share bar's 'Comments' links of an article (at under a
tenth of the story on big9's tune pages)."""


COMMENT_FORM_HEADING = regex.compile(
    rf"{COMMENT_FORM}|^leave a (reply|comment)\b", regex.IGNORECASE
)
"""A comment section's own heading or form ('3 thoughts on ...', 'Post Your Comment', 'Leave a
Reply'), which a thread's posts do not repeat between them as they do 'Reply' buttons."""
COMMENT_FORM_MIN_STORY_SHARE = 0.25
"""Below a comment section's heading or form (``COMMENT_FORM_HEADING``), the story ends once
this share of the kept words stands above it: readers' comments can outweigh a short story
three to one (a Forbes column under 2,000 words of comments), and the heading of a comment
section is no share-bar link."""


STORY_END = "generic.story-end"
STORY_END_MIN_WORDS = 100
"""A story-end marker (``story_end_start``) in the kept story cuts it only below this many
words of prose: above them it is a menu's item ('More', 'Popular') over a story the decoder
started early."""
STORY_END_MIN_SHARE = 0.3
"""... and below this share of the kept prose words: higher up it is an inline box of related
stories ('Related Stories', 'More on this...') the story resumes after. On the tune sites
(``bench/splits.py``), without the resume test (``STORY_RESUME_LINES``), word F1 of big9 /
trafilatura-eval / wcxb-dev's articles was 0.9616 / 0.8689 / 0.9365 without story-end markers,
0.9578 / - / - at 0.2 (Fox News's inline boxes cut) and 0.9629 / 0.8696 / 0.9374 at 0.3."""
STORY_RESUME_LINES = 3
"""A marker followed by this many prose lines in a row is a box inside the story, which resumes
below it ('Most Read' between two parts of an Intercept report): a teaser list alternates its
headlines with their summaries. Tune F1 (big9 / trafilatura-eval / wcxb-dev's articles) 0.9629 /
0.8697 / 0.9378 without the test; 0.9616 / 0.8688 / - with 2 (no big9 page cut at all), 0.9652
/ 0.8691 / 0.9379 with 3 or 4, 0.9629 / 0.8701 / 0.9380 with 5."""
RELATED_LABEL_RULE = "generic.crude-related-label"
"""The rule that removes a related-content label on its own line ("Ähnliche Beiträge", "Das
könnte Sie auch interessieren", "Noticias relacionadas"): the list of teasers it heads is
still in the story once the label is gone, so the label ends the story as a story-end marker
would (``story_end_start``). The inline read-also links ("Read more: ...", "Leggi anche:")
are not such labels: a story resumes after them (on trafilatura-eval's tune pages, reading
them as markers cut three stories short)."""


AUTHOR_NAME = regex.compile(r"^\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}\.)?(?: \p{Lu}[\p{Ll}'’-]+){1,2}$")
"""A person's name on its own line: two or three capitalised words ('Karina Cohen', 'Annalee
Newitz'), a middle initial allowed; none of them a function word (``is_author_name``), which a
sub-heading in title case holds ('The Bottom Line')."""
BIO_VERBS = frozenset((
    "is", "was", "has", "holds", "covers", "covered", "writes", "wrote", "joined", "leads",
    "specializes", "serves", "ist", "war", "hat", "schreibt", "arbeitet", "lebt", "studierte",
    "est", "était", "es", "fue",
))  # fmt: skip
"""The verbs a bio opens with after its subject's name ('Chen Zhao is the head of ...', 'Ron is
the Reviews Editor at Ars Technica', 'Benjamin Preston covered new and used car buying'), in the
languages of the development pages: a sub-heading repeated as its paragraph's subject goes on
otherwise ('Extension Cords' over 'Extension cords are ...', 'Window Direction Matters' over
'Window direction plays ...')."""
BIO_MAX_SHARE = 0.3
"""An author's bio (``author_bio_start``) ends the story only when it and what follows it are at
most this share of the kept words ... """
BIO_MAX_WORDS = 250
"""... and at most this many words: a bio is a paragraph or three under the story. On the tune
sites' dumps (lines the finder kept, matched against the gold), the cut took 300 words of bios
on nine pages of big9 and wcxb-dev's articles (Ars Technica's 2017 editors, company blogs'
writers) and no story line; at 0.5 and 400 words, the same pages."""
BIO_MAX_NAMES = 2
"""A story with more name-and-bio pairs than this (two authors' bios at most) is a list of
people, each under their name ('Helen Bradley' over 'Helen shares tutorials ...'), not a bio."""


def is_author_name(text: str) -> bool:
    """A person's name on its own line (``AUTHOR_NAME``), no word of it a function word."""
    return AUTHOR_NAME.match(text) is not None and not any(
        word.lower() in STOPWORDS for word in text.split()
    )


def opens_bio(name: str, text: str) -> bool:
    """Whether ``text`` opens with the person ``name`` (or their first name) as the subject of
    a bio's verb (``BIO_VERBS``)."""
    for subject in (name, name.split()[0]):
        if text.startswith(subject + " "):
            return text[len(subject) + 1 :].split(" ", 1)[0] in BIO_VERBS
    return False


def author_bio_start(kept: list[Line]) -> int | None:
    """The number of the kept line that opens an author's bio under the story: a person's name
    on its own line (``is_author_name``) over a paragraph that opens with that name and a verb
    (``opens_bio``: 'Karina Cohen' over 'Karina Cohen is the owner of CR Maids ...'), with
    ``STORY_END_MIN_WORDS`` above it and at most ``BIO_MAX_SHARE`` of the kept words and
    ``BIO_MAX_WORDS`` from it to the story's end; None without one, or with more than
    ``BIO_MAX_NAMES`` such pairs (a list of people). The line model reads a bio as prose,
    and the decoder keeps it with the story above it."""
    texts = [line.text.strip() for line in kept]
    names = [
        i
        for i in range(len(texts) - 1)
        if is_author_name(texts[i]) and opens_bio(texts[i], texts[i + 1])
    ]
    if not names or len(names) > BIO_MAX_NAMES:
        return None
    words = [word_count(text) for text in texts]
    above = sum(words[: names[0]])
    below = sum(words) - above
    if above < STORY_END_MIN_WORDS or below > min(BIO_MAX_SHARE * sum(words), BIO_MAX_WORDS):
        return None
    return kept[names[0]].number


def is_short_sentence(text: str) -> bool:
    """A short line that reads as a sentence: a closing quote, a greeting, a one-line lede."""
    return (
        ends_like_sentence(text)
        and word_count(text) >= SHORT_SENTENCE_MIN_WORDS
        and not is_furniture(text)
        and not is_teaser_shaped(text)
    )


def short_text_scores(texts: list[str]) -> list[float]:
    """The hand-set scores of a text too short for the model, where lines the hand-set scores
    price as chrome score ``SHORT_TEXT_LINE_SCORE`` when they read as story: a short sentence,
    a lead-in and the items of its list, and (``BODY.md``) a sub-heading between two lines that
    read as story (above the story, a short line is a byline as often)."""
    scores = hand_scores(texts)
    runs = lead_in_runs(texts)
    for i, text in enumerate(texts):
        listed = runs[i] > 0 and is_lead_in(texts, i - runs[i])
        if scores[i] < 0 and (is_lead_in(texts, i) or listed or is_short_sentence(text)):
            scores[i] = SHORT_TEXT_LINE_SCORE
    over_story = [
        i
        for i in range(1, len(texts) - 1)
        if scores[i - 1] > 0 and scores[i + 1] > 0 and is_heading(texts[i])
    ]
    for i in over_story:
        scores[i] = max(scores[i], SHORT_TEXT_LINE_SCORE)
    return scores


def is_heading(text: str) -> bool:
    """A short line without a sentence end that is no teaser headline, date or furniture."""
    return (
        word_count(text) <= HEADING_MAX_WORDS
        and not ends_like_sentence(text)
        and not is_teaser_shaped(text)
        and not is_furniture(text)
    )


def is_lead_in(texts: list[str], index: int) -> bool:
    """Whether the line at ``index`` leads into a list: it ends in ':' and is a sentence of
    ``LEAD_IN_MIN_WORDS`` or more, or stands right under a paragraph ("Tags:", "Share:" are
    labels)."""
    text = texts[index].rstrip()
    if not text.endswith(":"):
        return False
    return word_count(text) >= LEAD_IN_MIN_WORDS or (index > 0 and is_prose(texts[index - 1]))


def line_scores(
    texts: list[str],
    memo: Scores | None = None,
    site_template: Callable[[str], bool] | None = None,
) -> list[float]:
    """Learned scores of a page's lines: positive for story, negative for chrome.

    A line's log-odds of being body, shifted so that ``REGION_BODY_PROBABILITY`` scores zero,
    weighed by the square root of its words (capped): a long paragraph carries a run, a short
    sub-heading or list item inside it costs or earns little either way. A line
    ``site_template`` names scores at most ``TEMPLATE_LINE_SCORE`` unless the model is sure it
    is story or it is shorter than ``TEMPLATE_MIN_WORDS``. A text shorter than
    ``REGION_MODEL_MIN_LINES`` is scored by hand (``hand_scores``). ``memo``: the document's
    line model scores (``Document.line_scores``).
    """
    if len(texts) < REGION_MODEL_MIN_LINES:
        return hand_scores(texts)
    junk = junk_probabilities(texts, "dump", memo=memo)
    scores = []
    for text, probability in zip(texts, junk, strict=True):
        clipped = min(max(probability, PROBABILITY_FLOOR), 1.0 - PROBABILITY_FLOOR)
        log_odds = math.log((1.0 - clipped) / clipped) - BODY_LOG_ODDS
        scores.append(log_odds * math.sqrt(min(max(word_count(text), 1), REGION_PROSE_CAP)))
    for index in (*inline_template(texts), *related_boxes(texts)):
        scores[index] = min(scores[index], TEMPLATE_LINE_SCORE)
    if site_template is None:
        return scores
    return template_capped(texts, scores, junk, site_template)


def related_boxes(texts: list[str]) -> list[int]:
    """The lines of an inline box of related stories that the story resumes after: a teaser
    label on its own line (``is_teaser_label``: 'Further Reading', 'Related Stories'), one to
    ``RELATED_BOX_MAX_HEADLINES`` teaser headlines right under it (``is_box_headline``), each
    with at most a summary cut to length under it (``TRUNCATION_MARKS``), and prose right under
    the box. A dump sets such a box between two paragraphs; the headlines read as sub-headings
    to the decoder, which keeps them. They score as template (``line_scores``).

    What the box takes is summary-free or cut short, so it never takes a line that continues
    the story: a whole sentence under a headline may be the story's short paragraph under its
    sub-heading, and stays (an earlier version that took a one-sentence summary ate such a
    paragraph). A label that ends in ':' ('Related Stories:') leads into a list the decoder
    already weighs (its ``LABEL`` steps); the validator read such headlines, once removed, as
    story lost. A list under a label with no prose under it is left to the decoder and the
    story-end markers: there the story has ended. Not in ``inline_template`` (which the
    validator reads too): a teaser is template here only between two parts of a story.

    Word F1 of the tune sites' dumps (``bench/generic_dumps.py``): big9 0.9714 -> 0.9722 (Ars
    Technica's 'Further Reading', Fox News's 'More on this...'), wcxb-dev articles 0.9395 ->
    0.9398, trafilatura-eval 0.8734 unchanged; held apart 0.9546 -> 0.9547, 0.9214 unchanged,
    0.8712 -> 0.8722."""
    found: list[int] = []
    for i, text in enumerate(texts):
        if text.endswith(":") or not is_teaser_label(text):
            continue
        box: list[int] = []
        headlines = 0
        j = i + 1
        while j < len(texts) and headlines < RELATED_BOX_MAX_HEADLINES:
            if not is_box_headline(texts[j]):
                break
            box.append(j)
            headlines += 1
            j += 1
            if j < len(texts) and is_cut_summary(texts[j]):
                box.append(j)
                j += 1
        if box and j < len(texts) and is_prose(texts[j]):  # the story resumes under it
            found += [i, *box]
    return found


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_teaser_label(text: str) -> bool:
    """A related-content label on its own line (``TEASER_LABEL``), also with an ellipsis after
    it ('More on this...', over Fox News's inline boxes); the cheap word count first."""
    words = word_count(text)
    label = squash_whitespace(text).removesuffix("...").removesuffix("…").rstrip()
    return TEASER_LABEL.fits(words) and TEASER_LABEL.names(label, words)


def is_box_headline(text: str) -> bool:
    """A teaser's headline in a box of related stories: no sentence end and no ':' at its end,
    ``BOX_HEADLINE_MIN_WORDS`` to ``BOX_HEADLINE_MAX_WORDS`` words."""
    words = word_count(text)
    return BOX_HEADLINE_MIN_WORDS <= words <= BOX_HEADLINE_MAX_WORDS and not (
        ends_like_sentence(text) or text.endswith(":")
    )


def is_cut_summary(text: str) -> bool:
    """A teaser's summary cut to length: at most ``DEK_MAX_WORDS`` words, ending in one of
    ``TRUNCATION_MARKS``."""
    return text.endswith(TRUNCATION_MARKS) and word_count(text) <= DEK_MAX_WORDS


def inline_template(texts: list[str]) -> list[int]:
    """Lines that read as prose but are template wherever they stand, the story's inside
    included: a teaser's summary in a list of teasers (``teaser_summaries``), a picture's
    caption or credit (``PHOTO_CREDIT``) or one that places its people (``CAPTION_POSITION``),
    markup or template code (``TEMPLATE_CODE``), a column's contributor disclaimer
    (``CONTRIBUTOR_DISCLAIMER``) and a site's prompt to sign up, subscribe or register
    (``SITE_PROMPT``).
    They score as template, so the decoder passes over them as a gap."""
    lines = [i for i, text in enumerate(texts) if is_template_anywhere(text)]
    return sorted({*teaser_summaries(texts), *lines})


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_template_anywhere(text: str) -> bool:
    """Whether the line alone reads as template wherever it stands (``inline_template``'s
    tests of one line); one cache lookup a line, where the five tests cost five calls and a
    keyword scan (the finder and the verdict's two readings ask about every line)."""
    return (
        is_photo_credit(text)
        or is_code(text)
        or is_disclaimer(text)
        or is_site_prompt(text)
        or is_positioned_caption(text)
    )


def is_positioned_caption(text: str) -> bool:
    """A caption that says where its people stand in the picture (``CAPTION_POSITION``); the
    cheap tests first."""
    return (
        "(" in text
        and word_count(text) <= CAPTION_MAX_WORDS
        and CAPTION_POSITION.search(text) is not None
    )


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_code(text: str) -> bool:
    """Markup or template code (``TEMPLATE_CODE``); the cheap test first: it needs a '<' or
    a '{'."""
    if "<" not in text and "{" not in text:
        return False
    return TEMPLATE_CODE.names(squash_whitespace(text), word_count(text))


def is_disclaimer(text: str) -> bool:
    """A column's contributor disclaimer (``CONTRIBUTOR_DISCLAIMER``); the cheap test first."""
    return (
        any(word in text for word in DISCLAIMER_WORDS)
        and word_count(text) <= DISCLAIMER_MAX_WORDS
        and bool(CONTRIBUTOR_DISCLAIMER.search(text))
    )


PROMPT_GATE = keyword_automaton(PROMPT_KEYWORDS)


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_site_prompt(text: str) -> bool:
    """A site's prompt to sign up, subscribe, register, pay for it or follow its channel
    (``SITE_PROMPT``; the keyword gate first, one scan for all of ``PROMPT_KEYWORDS``)."""
    if next(PROMPT_GATE.iter(text.lower()), None) is None:
        return False
    return word_count(text) <= PROMPT_MAX_WORDS and SITE_PROMPT.search(text) is not None


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_photo_credit(text: str) -> bool:
    """Whether ``text`` ends in a picture's credit (``PHOTO_CREDIT``), searched in its last
    ``CREDIT_TAIL_CHARS`` characters only: the pattern is anchored at the end, and a long
    paragraph need not be searched from its start."""
    start = max(0, len(text) - CREDIT_TAIL_CHARS)
    tail = text[start:]
    if ":" not in tail and ")" not in tail and "©" not in tail and " by " not in tail:
        end = tail.rstrip().lower()
        if not end.endswith(AGENCY_ENDINGS):  # the cheap test first: most lines are neither
            return False
    return PHOTO_CREDIT.search(text, start) is not None


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_teaser_summary(text: str) -> bool:
    """One sentence of at most ``DEK_MAX_WORDS`` words (the decoder's teaser dek: a story's
    paragraph under a sub-heading is longer or has several sentences). Cached: the finder and
    the verdict's two readings of a page (``inline_template``) ask about the same lines."""
    return (
        word_count(text) <= DEK_MAX_WORDS
        and ends_like_sentence(text)
        and not SENTENCE_BREAK.search(text)
    )


def is_teaser_list_headline(text: str) -> bool:
    """``is_teaser_shaped``, and no label leading into what follows ("Maria Lopez says:") nor
    a numbered or bulleted item: a listicle's "5. Use a Single Monitor" heads its story's
    section (on wcxb-dev's tune pages every such pair was story)."""
    return is_teaser_shaped(text) and not text.endswith(":") and not BULLET.match(text)


def teaser_summaries(texts: list[str]) -> list[int]:
    """The summary lines of a list of teasers: each right under a teaser-shaped headline
    (``is_teaser_list_headline``), in a run of at least ``TEASER_RUN_MIN_PAIRS`` such pairs whose
    headlines stand at most ``TEASER_PAIR_MAX_DISTANCE`` lines apart. They read as prose, and
    the decoder would resume the story at each of them; they score as template instead."""
    pairs = [
        i
        for i in range(1, len(texts))
        if is_teaser_summary(texts[i]) and is_teaser_list_headline(texts[i - 1])
    ]
    found: list[int] = []
    run: list[int] = []
    for index in pairs:
        if run and index - run[-1] > TEASER_PAIR_MAX_DISTANCE:
            found += run if len(run) >= TEASER_RUN_MIN_PAIRS else []
            run = []
        run.append(index)
    found += run if len(run) >= TEASER_RUN_MIN_PAIRS else []
    return found


def template_capped(
    texts: list[str],
    scores: list[float],
    junk: list[float],
    site_template: Callable[[str], bool],
) -> list[float]:
    """``scores`` with each line ``site_template`` names capped at ``TEMPLATE_LINE_SCORE``,
    unless the model is sure it is story (its probability of ``junk`` is under
    ``SURE_STORY_JUNK_MAX``)."""
    return [
        min(score, TEMPLATE_LINE_SCORE)
        if probability >= SURE_STORY_JUNK_MAX and is_template_scored(text, site_template)
        else score
        for text, score, probability in zip(texts, scores, junk, strict=True)
    ]


Lede = Callable[[list[str], int], int | None]
"""Finds a story's standfirst above its first line: the texts and that line's index give the
index of the standfirst, or None."""


def keep_best_region(doc: Document, lede: Lede | None = None) -> None:
    """Keep the lines the decoder labels story; chrome before, inside and after it goes.
    ``lede`` finds a standfirst above the story that stays with it.

    In a batch that removes site templates the document carries the site's template lines
    (``Document.site_template``), which score as template, unless they are the page's content
    (``template_is_content``): then the story found without them stands, and the document
    forgets them, so the batch removes none of them afterwards either. A dateline just before a
    story line belongs to the story and stays. With no story at all the document is left as it
    is: there is nothing to tell body from chrome.

    Learned scores read neighbours, so the story found in the story can be shorter again: the
    finder repeats on what it kept until that is all kept, so the story it returns is the
    story it finds in it, and cleaning the output again changes nothing.
    """
    template = doc.site_template
    if template is not None and not any(
        is_template_scored(line.text, template) for line in doc.lines
    ):
        template = None  # no line scores as template: the story is the one found without
    lines, ends = settled_story(doc, template, lede)
    if template is not None:
        plain, plain_ends = settled_story(doc, None, lede)
        if template_is_content(plain, lines):
            lines, ends = plain, plain_ends
            doc.site_template = None  # the batch removes no template from this page either
    survivors = {id(line) for line in lines}
    doomed = [line for line in doc.lines if id(line) not in survivors]
    comments = ends.comments if ends.comments is not None else math.inf
    story_end = ends.story if ends.story is not None else comments
    doc.remove(
        [line for line in doomed if line.number < story_end],
        "generic.region",
        "template outside the story or inside it",
    )
    reason = "a related-articles heading or another story-end marker, and what follows it"
    doc.remove([line for line in doomed if story_end <= line.number < comments], STORY_END, reason)
    below = [line for line in doomed if line.number >= comments]
    doc.remove(below, "generic.comment-section", "a comment section and what follows it")


@dataclass(slots=True)
class StoryEnds:
    """Where the finder ended a page's story below its start: the number of the line that opens
    the comment section and of the story-end marker (``story_end_start``) above it, or None."""

    comments: int | None = None
    story: int | None = None


def settled_story(
    doc: Document, site_template: Callable[[str], bool] | None, lede: Lede | None
) -> tuple[list[Line], StoryEnds]:
    """The lines of ``doc`` the finder keeps, found again in what it kept until it keeps all
    of it, and where it ended the story at a comment section or a story-end marker.
    ``site_template``: the site's template lines, which score as template (``line_scores``)."""
    lines = list(doc.lines)
    ends = StoryEnds()
    labels = related_labels(doc)
    while True:
        kept = region_of(lines, doc.line_scores, site_template, lede)
        if kept is not None:
            ends.comments = comment_section_start(doc.original, kept) or ends.comments
            kept = [line for line in kept if ends.comments is None or line.number < ends.comments]
            ends.story = (
                story_end_start(kept, doc.story_end, labels) or author_bio_start(kept) or ends.story
            )
            kept = [line for line in kept if ends.story is None or line.number < ends.story]
        if not kept or len(kept) == len(lines):
            return lines, ends
        lines = kept


def story_end_start(
    kept: list[Line],
    ends_story: Callable[[str], bool] | None,
    labels: frozenset[int] = frozenset(),
) -> int | None:
    """The number of the first line of ``kept``, or of the ``labels`` among them, that ends
    the story (``ends_story``: the generic rules' markers, ``Document.story_end``), once
    ``STORY_END_MIN_WORDS`` and ``STORY_END_MIN_SHARE`` of the ``kept`` prose words stand above
    it and the story does not resume below it (``story_goes_on``); None without one.

    The rules test their markers in the dump's second half, which a long teaser list below a
    short story (dated summaries of the site's other posts) pushes the heading above; here the
    heading is tested against the story the decoder found. ``labels``: the numbers of the
    lines a rule removed as a related-content label (``RELATED_LABEL_RULE``: "Ähnliche
    Beiträge", "Das könnte Sie auch interessieren"), which end the story too, as
    ``comment_section_start`` reads a removed comment heading: the teasers under such a label
    are still in the story, and only the label was gone."""
    if ends_story is None or not kept:
        return None
    prose = [is_prose(line.text) for line in kept]
    words = [
        word_count(line.text) if is_story else 0 for line, is_story in zip(kept, prose, strict=True)
    ]
    needed = max(STORY_END_MIN_WORDS, STORY_END_MIN_SHARE * sum(words))
    pending = sorted(n for n in labels if kept[0].number < n < kept[-1].number)
    above = 0
    for index, line in enumerate(kept):
        while pending and pending[0] < line.number:  # a label between the kept lines
            label = pending.pop(0)
            if above >= needed and not story_goes_on(prose[index:]):
                return label
        ends_here = above >= needed and ends_story(line.text.strip())
        if ends_here and not story_goes_on(prose[index + 1 :]):
            return line.number
        above += words[index]
    return None


def related_labels(doc: Document) -> frozenset[int]:
    """The numbers of the lines ``RELATED_LABEL_RULE`` removed from ``doc``."""
    return frozenset(r.line for r in doc.removed if r.rule == RELATED_LABEL_RULE)


def story_goes_on(prose: list[bool]) -> bool:
    """Whether ``STORY_RESUME_LINES`` prose lines in a row follow (``prose``: whether each
    kept line below a marker is prose): the story goes on after a box of related stories."""
    run = 0
    for is_story in prose:
        run = run + 1 if is_story else 0
        if run >= STORY_RESUME_LINES:
            return True
    return False


def is_template_scored(text: str, site_template: Callable[[str], bool]) -> bool:
    """Whether a line is one of the site's template lines (``site_template``) long enough to
    be treated as template (``TEMPLATE_MIN_WORDS``): the one rule the region finder's scores
    and the batch's removal both read, the line model's judgement aside."""
    return word_count(text) >= TEMPLATE_MIN_WORDS and site_template(text)


def template_is_content(plain: list[Line], capped: list[Line]) -> bool:
    """Whether the site template's lines are the page's content rather than a template around
    it: the story found with them scoring as template (``capped``) lacks more than
    ``TEMPLATE_MAX_LOST_SHARE`` of the words of the story found without (``plain``). A
    template around a story is a few lines at its edges or between its paragraphs (a login
    box, an author's bio, a "Further Reading" heading); on a shop's category page what recurs
    on the site's pages (its departments, its offers) is most of what the page shows."""
    kept = {id(line) for line in capped}
    lost = sum(word_count(line.text) for line in plain if id(line) not in kept)
    return lost > TEMPLATE_MAX_LOST_SHARE * sum(word_count(line.text) for line in plain)


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_comment_marker(text: str) -> bool:
    """A comment section's heading, counter or widget (``COMMENT_SECTION_HEADING``,
    ``COMMENT_MARKERS``)."""
    if is_comment_stamp(text):
        return True
    lowered = text.lower()
    if not any(keyword in lowered for keyword in COMMENT_KEYWORDS):
        return False
    text = squash_whitespace(text.strip())
    if COMMENT_SECTION_HEADING.search(text):
        return True
    words = word_count(text)
    return any(junk.names(text, words) for junk in COMMENT_MARKERS)


def is_comment_stamp(text: str) -> bool:
    """A blog comment's header: a short line ending in a date and a clock time
    (``COMMENT_STAMP``); the cheap tests first: a ':' and a short line."""
    return (
        ":" in text
        and word_count(text) <= TIMESTAMP_MAX_WORDS
        and COMMENT_STAMP.search(text.strip()) is not None
    )


def comment_section_start(original: list[Line], kept: list[Line]) -> int | None:
    """The number of the first input line below the story's start that opens a comment
    section (``is_comment_marker``) with ``COMMENTS_MIN_STORY_SHARE`` of the ``kept`` words
    above it, or None; None too when a marker stands higher in the story, past the share bar
    (``COMMENTS_THREAD_SHARE``): a thread, whose replies are its content. The decoder reads
    comments as story (they are prose, and the gap state lets the story resume after the form
    between them); the heading says they are not."""
    if not kept:
        return None
    numbers = [line.number for line in kept]
    words_up_to = list(accumulate(word_count(line.text) for line in kept))
    total = words_up_to[-1]
    for line in original[kept[0].number :]:  # the lines below the story's first line
        if not is_comment_marker(line.text):
            continue
        words_above = words_up_to[bisect_left(numbers, line.number) - 1]
        if words_above >= COMMENTS_THREAD_SHARE * total:
            heading = COMMENT_FORM_HEADING.search(squash_whitespace(line.text.strip()))
            share = COMMENT_FORM_MIN_STORY_SHARE if heading else COMMENTS_MIN_STORY_SHARE
            return line.number if words_above >= share * total else None
    return None


def region_of(
    lines: list[Line],
    memo: Scores | None = None,
    site_template: Callable[[str], bool] | None = None,
    lede: Lede | None = None,
) -> list[Line] | None:
    """The lines the decoder labels story (and a dateline just before one, and the standfirst
    ``lede`` finds above the first); None without. ``memo``: the document's line model
    scores; ``site_template``: the batch's template lines of the page's site
    (``line_scores``)."""
    texts = [line.text.strip() for line in lines]
    if len(texts) < REGION_MODEL_MIN_LINES:  # hand-set scores: the best runs
        kept = set(story_regions(short_text_scores(texts)))
    else:
        kept = set(story_lines(texts, line_scores(texts, memo, site_template)))
    if not kept:
        return None
    for index in sorted(kept):
        if index > 0 and index - 1 not in kept and is_dateline(lines[index - 1].text):
            kept.add(index - 1)
    standfirst = lede(texts, min(kept)) if lede is not None else None
    if standfirst is not None:
        kept.add(standfirst)
    return [line for i, line in enumerate(lines) if i in kept]
