"""Selfishness rules: the parse decides who achieved what; other people in the post excuse it."""

from __future__ import annotations

from authlint import Linter


def selfish(linter: Linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text).findings if f.category == "selfishness"}


def test_first_person_subject_of_achievement_verb(linter: Linter) -> None:
    assert "SEL103" in selfish(linter, "I crushed every target this quarter.")
    # Same verb, someone else is the subject: not the writer's trophy.
    assert "SEL103" not in selfish(linter, "Our team crushed every target this quarter.")
    # The writer's win, but the post credits who helped.
    assert "SEL103" not in selfish(linter, "I won the 10k, thanks to my coach Ana.")


def test_all_about_me_needs_the_reader_absent(linter: Linter) -> None:
    me = "I did it. I shipped my app, I wrote my docs, I designed my logo and I am so proud of my work."
    assert "SEL101" in selfish(linter, me)
    assert "SEL101" not in selfish(linter, me + " What would you have done differently?")
    assert "SEL101" not in selfish(linter, me + " My sister tested every screen with me.")


def test_humblebrag_and_me_first(linter: Linter) -> None:
    assert "SEL102" in selfish(linter, "Humbled to announce I made the list.")
    assert "SEL102" in selfish(linter, "Front row again #humblebrag")
    assert "SEL104" in selfish(linter, "I deserve this, and my haters can watch.")
    assert selfish(linter, "You deserve a break after this week.") == set()


def test_personal_milestone_with_people_is_clean(linter: Linter) -> None:
    text = "I finished my first marathon yesterday. Slow, but I finished, and my sister ran the last 5k with me."
    assert selfish(linter, text) == set()
