"""The region finder ends a crude dump's story at a comment section's heading, once most of
the story stands above it; a 'Comments' link above the story cuts nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cleaned_dump as cleaned
from tests.test_generic_title import HEADLINE, STORY

NAVIGATION = ["Home", "World", "Politics", "Business", "Sign in"]
COMMENTS = [
    f"3 thoughts on “{HEADLINE}”",
    "Karl Fleischmann says:",
    "December 17, 2025 at 11:31 pm",
    "Great news for the eastern districts, I have been waiting for this park since my children "
    "were small and I am glad the council finally listened to us.",
    "Reply",
    "Maria Lopez says:",
    "December 18, 2025 at 8:02 am",
    "I still think the money would have been better spent on the bridges, which are in a "
    "terrible state and get worse every winter that passes.",
    "Reply",
    "Leave a Reply Cancel reply",
    "Your email address will not be published. Required fields are marked *",
]


def test_comments_under_the_story_go_and_the_story_stays(tmp_path: Path) -> None:
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *STORY, *COMMENTS])
    assert body.split() == "\n\n".join(STORY).split()
    assert f"{COMMENTS[3]}  [generic.comment-section]" in listing


def test_a_comments_link_above_the_story_cuts_nothing(tmp_path: Path) -> None:
    body, _ = cleaned(tmp_path, [*NAVIGATION, HEADLINE, "Comments", "Reply", *STORY])
    assert body.split() == "\n\n".join(STORY).split()


def test_cleaning_the_output_again_changes_nothing(tmp_path: Path) -> None:
    body, _ = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *STORY, *COMMENTS])
    again, _ = cleaned(tmp_path, body.splitlines())
    assert again == body


def test_a_thread_whose_posts_alternate_with_reply_buttons_keeps_its_replies(
    tmp_path: Path,
) -> None:
    """A forum page: 'Reply' under the first post already, so the replies are the content."""
    thread = [STORY[0], STORY[1], "Reply"]
    for post in STORY[2:]:
        thread += ["Maria Lopez says:", post, "Reply"]
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *thread])
    assert "generic.comment-section" not in listing
    assert all(post in body for post in STORY)


def test_a_short_story_under_long_comments_ends_at_the_comment_form(tmp_path: Path) -> None:
    """Readers' comments three times the story's length: the comment form's heading still
    ends the story (a 'Reply' button that far up would say the page is a thread)."""
    story = STORY[:3]
    comments = ["Post Your Comment", "Submit Comment"]
    for n, post in enumerate(STORY * 2):
        comments += [f"Reader {n}", "2 days ago", post.replace("The", "I think the", 1)]
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *story, *comments])
    assert body.split() == "\n\n".join(story).split()
    assert "Post Your Comment  [generic.comment-section]" in listing


GERMAN_COMMENTS = [
    f"2 Antworten zu „{HEADLINE}“",
    "Karl Fleischmann sagt:",
    "17. Dezember 2025 um 23:31 Uhr",
    "Endlich bekommt der Osten der Stadt seinen Park, darauf warte ich schon, seit meine Kinder "
    "klein waren, und ich freue mich, dass der Rat auf uns gehört hat.",
    "Maria Lopez sagt:",
    "18. Dezember 2025 um 8:02 Uhr",
    "Ich finde immer noch, das Geld wäre besser in die Brücken geflossen, die jeden Winter "
    "schlimmer aussehen und dringend repariert werden müssen.",
    "Hinterlasse einen Kommentar",
]


def test_a_comment_section_in_the_blog_platforms_german_ends_the_story(tmp_path: Path) -> None:
    """Blog platforms head their comment sections in the site's language ('2 Antworten zu
    ...', 'Hinterlasse einen Kommentar'): the story ends there as at '3 thoughts on ...'."""
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *STORY, *GERMAN_COMMENTS])
    assert body.split() == "\n\n".join(STORY).split()
    assert f"{GERMAN_COMMENTS[3]}  [generic.comment-section]" in listing


BLOGGER_COMMENTS = [
    "AmySeptember 11, 2008 at 2:06 PM",
    "Great news for the eastern districts, I have been waiting for this park since my children "
    "were small and I am glad the council finally listened to us.",
    "EditorSeptember 15, 2008 at 9:19 PM",
    "I still think the money would have been better spent on the bridges, which are in a "
    "terrible state and get worse every winter that passes.",
]


def test_comments_under_dated_headers_alone_end_the_story(tmp_path: Path) -> None:
    """A blog's comments with no heading and no form, each under its author's name glued to a
    date and a clock time: the first such header ends the story."""
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *STORY, *BLOGGER_COMMENTS])
    assert body.split() == "\n\n".join(STORY).split()
    assert f"{BLOGGER_COMMENTS[1]}  [generic.comment-section]" in listing


def test_a_time_stamp_over_the_story_cuts_nothing(tmp_path: Path) -> None:
    """The story's own 'September 11, 2008 at 2:06 PM' under its headline is no comment's."""
    stamped = [*NAVIGATION, HEADLINE, "September 11, 2008 at 2:06 PM", *STORY]
    body, listing = cleaned(tmp_path, stamped)
    assert body.split() == "\n\n".join(STORY).split()
    assert "generic.comment-section" not in listing


def test_a_blogs_counted_comments_heading_ends_a_short_story(tmp_path: Path) -> None:
    """Blogger's '10 comments:' heads the comment section: like a comment form's heading it
    ends the story even when the comments outweigh it."""
    story = STORY[:3]
    comments = ["10 comments:"]
    for n, post in enumerate(STORY * 2):
        comments += [f"Reader {n}", post.replace("The", "I think the", 1)]
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *story, *comments])
    assert body.split() == "\n\n".join(story).split()
    assert "Reader 0  [generic.comment-section]" in listing
