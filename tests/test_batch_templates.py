"""The batch's template memory: lines most pages of a site share are template; memory is bounded."""

from __future__ import annotations

from cleaner.batch.templates import (
    TEMPLATE_MIN_PAGES,
    TemplateMemory,
)

MENU = ["Home", "World", "Sign up for our daily newsletter"]


def page(story: str) -> list[str]:
    return [*MENU, story, "© 2024 Example Media"]


def test_lines_on_most_pages_of_a_site_are_template_and_story_lines_are_not() -> None:
    memory = TemplateMemory()
    for n in range(TEMPLATE_MIN_PAGES):
        memory.observe("example.com", page(f"Story number {n} says something new."))
    assert memory.is_template("example.com", "Sign up for our  daily newsletter")
    assert not memory.is_template("example.com", "Story number 0 says something new.")
    assert not memory.is_template("other.org", "Home")
    share = memory.template_share("example.com", page("A fresh story."))
    assert share == 4 / 5


def test_too_few_pages_teach_nothing() -> None:
    memory = TemplateMemory()
    for _ in range(TEMPLATE_MIN_PAGES - 1):
        memory.observe("example.com", MENU)
    assert not memory.is_template("example.com", "Home")


def test_a_line_on_a_minority_of_pages_is_not_template() -> None:
    memory = TemplateMemory()
    for n in range(10):
        extra = ["Related: the budget"] if n < 3 else []
        memory.observe("example.com", [*MENU, *extra, f"Story {n}."])
    assert not memory.is_template("example.com", "Related: the budget")


def test_memory_is_bounded_and_forgets_the_least_recent_site() -> None:
    memory = TemplateMemory(max_sites=2, max_lines=3)
    for site in ("a.com", "b.com", "a.com", "c.com"):
        memory.observe(site, ["one", "two", "three", "four", "five"])
    assert list(memory.sites) == ["a.com", "c.com"]
    assert memory.forgotten == 1
    assert all(len(lines.counts) <= 3 for lines in memory.sites.values())


def test_the_same_input_order_learns_the_same_memory() -> None:
    pages = [(f"site{n % 3}.com", page(f"Story {n}.")) for n in range(12)]
    first, second = TemplateMemory(), TemplateMemory()
    for site, lines in pages:
        first.observe(site, lines)
        second.observe(site, lines)
    assert first.report() == second.report()
    assert first.report()["template_lines"] > 0
