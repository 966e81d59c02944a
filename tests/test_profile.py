"""Author profiles: config, named authors, per-post selection, and claims checked against them."""

from __future__ import annotations

import datetime as dt

import pytest

from authlint import Linter
from authlint.errors import ConfigError
from authlint.io.source import extract
from authlint.settings.config import config_from_mapping, load_config
from authlint.settings.profile import AuthorProfile, profile_from_mapping, resolve_author

PROFILE_RULES = ["IMP201", "IMP202", "IMP203", "IMP204", "IMP205", "IMP206"]

JANE = {"name": "Jane Doe", "handles": ["@janedoe"], "roles": ["community manager"], "organizations": ["Acme"]}
NURSE = {"name": "Ana Ruiz", "credentials": ["RN"], "roles": ["nurse educator"], "locations": ["Leeds"], "birth-year": 1985}


@pytest.fixture(scope="module")
def team() -> Linter:
    """A shared content repo: two authors, Jane by default."""
    return Linter({"select": PROFILE_RULES, "author": "jane", "authors": {"jane": JANE, "ana": NURSE}})


def rules(report) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in report.findings]


# --- the model ----------------------------------------------------------------------------------


def test_profile_fields_and_kebab_keys() -> None:
    profile = profile_from_mapping({"roles": "nurse", "speaks-for": ["Acme"], "birth-year": 1990})
    assert profile.roles == ["nurse"] and profile.speaks_for == ["Acme"]
    assert profile.ages(dt.date(2026, 6, 1)) == (35, 36)
    assert AuthorProfile(age=30).ages() == (30, 30)


def test_profile_errors_are_one_line_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"^config: author: rols: Extra inputs are not permitted$"):
        config_from_mapping({"author": {"rols": ["x"]}})
    with pytest.raises(ConfigError, match="either age or birth-year"):
        config_from_mapping({"author": {"age": 30, "birth-year": 1990}})
    with pytest.raises(ConfigError, match=r"author 'bob' is not defined in `authors` \(known: ana, jane\)"):
        resolve_author("bob", {"jane": AuthorProfile(), "ana": AuthorProfile()})


def test_author_from_yaml_and_pyproject(tmp_path) -> None:
    (tmp_path / ".authlint.yaml").write_text(
        "author:\n  name: Jane\n  credentials: [registered nurse]\nauthors:\n  bob: {roles: [chef]}\n"
        "disclosure: {markers: ['#werbung']}\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / ".authlint.yaml")
    assert isinstance(config.author, AuthorProfile) and config.author.credentials == ["registered nurse"]
    assert config.authors["bob"].roles == ["chef"] and config.disclosure.markers == ["#werbung"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.authlint.author]\nname = "Jane"\nroles = ["community manager"]\nspeaks-for = ["Acme"]\n', encoding="utf-8"
    )
    assert load_config(tmp_path / "pyproject.toml").author.speaks_for == ["Acme"]  # type: ignore[union-attr]


# --- supported vs unsupported -------------------------------------------------------------------


def test_unsupported_credential_is_an_impersonation_error_with_the_profile_in_the_message(team: Linter) -> None:
    report = team.check("I'm a nurse and I think you should try this.")
    [finding] = report.findings
    assert (finding.rule, finding.category, finding.severity.value, finding.text) == (
        "IMP201", "impersonation", "error", "I'm a nurse",
    )
    assert finding.message == (
        "You claim to be a nurse; your profile lists: community manager. "
        "Remove the claim or add the credential to your profile."
    )
    # No fix swaps in the author's real title (that would keep the advice and change only who
    # vouches for it): "I'm a nurse" has no rewrite without the claim, so there is no fix.
    assert [s.replacement for s in finding.suggestions if s.replacement is not None] == []


def test_claim_rewrite_removes_the_appeal_to_authority(team: Linter) -> None:
    report = team.check("As a nurse, I can tell you this tea cures the flu.")
    finding = next(f for f in report.findings if f.rule == "IMP201")
    # Advice only: no fix rewords the claim and leaves the advice standing unflagged.
    assert [s.replacement for s in finding.suggestions if s.replacement is not None] == []
    [advice] = [s.text for s in finding.suggestions if "appeal to authority" in s.text]
    assert "In my own experience" in advice and "community manager" not in advice


def test_supported_claims_produce_no_findings(team: Linter) -> None:
    assert team.check("As a nurse, I remind everyone to drink water.", author="ana").findings == []  # RN ~ nurse
    assert team.check("I'm a community manager at Acme and I love our forum.").findings == []
    assert team.check("We at Acme are hiring designers.").findings == []
    assert team.check("I'm 41 and I live in Leeds.", author={"age": 41, "locations": ["Leeds, UK"]}).findings == []


@pytest.mark.parametrize(
    ("profile", "text"),
    [
        ({"credentials": ["doctor"]}, "As a licensed physician, I recommend rest."),
        ({"credentials": ["physician"]}, "Trust me, I'm a doctor."),
        ({"roles": ["attorney"]}, "Speaking as a lawyer, read the contract."),
        ({"credentials": ["registered nurse"]}, "I'm an RN on a night ward."),
        ({"roles": ["Surgeon"]}, "As a doctor, I see this every week."),  # a surgeon is a physician
        ({"roles": ["software developers"]}, "I'm a software engineer."),  # plural profile entry
    ],
)
def test_synonym_and_lemma_aware_matching(profile: dict, text: str) -> None:
    linter = Linter({"select": PROFILE_RULES})
    assert linter.check(text, author=profile).findings == []


def test_narrower_claim_than_profile_is_not_supported() -> None:
    report = Linter({"select": PROFILE_RULES}).check("I'm a registered nurse.", author={"credentials": ["nurse"]})
    assert rules(report) == [("IMP201", "I'm a registered nurse")]


def test_each_claim_kind_against_a_profile(team: Linter) -> None:
    assert rules(team.check("Posting on behalf of the Red Cross: please donate.")) == [
        ("IMP203", "Posting on behalf of the Red Cross"),
    ]
    assert rules(team.check("I work at Google and we all use this.")) == [("IMP204", "I work at Google")]
    assert rules(team.check("Speaking as a 22-year-old model, this cream works.")) == [
        ("IMP202", "Speaking as a 22-year-old model"),
    ]
    # age and place only when the profile says otherwise (Jane's profile lists neither)
    assert team.check("I'm 22 and I live in Boston.").findings == []
    assert rules(team.check("I'm 22 and I live in Boston.", author="ana")) == [
        ("IMP205", "I'm 22"), ("IMP205", "I live in Boston"),
    ]
    assert rules(team.check("Hi, I am Elon Musk.")) == [("IMP201", "I am Elon Musk")]
    assert team.check("Hi, I'm Jane and I run our community.").findings == []


def test_several_authors_in_one_repo(team: Linter) -> None:
    text = "As an RN, I always say: sleep is medicine."
    assert rules(team.check(text)) == [("IMP201", "As an RN")]  # default author: jane
    assert team.check(text, author="ana").findings == []
    reports = list(team.check_many([text, text], authors=["ana", "jane"]))
    assert [rules(r) for r in reports] == [[], [("IMP201", "As an RN")]]
    with pytest.raises(ConfigError, match="author 'zed' is not defined"):
        team.check(text, author="zed")


def test_front_matter_profile_selects_the_author(team: Linter) -> None:
    post = "---\nauthor: ana\n---\nAs an RN, I always say: sleep is medicine.\n"
    source = extract(post, "markdown")
    assert team.check(source.prose, author=source.author).findings == []
    inline = "---\nauthor:\n  roles: [chef]\n---\nAs an RN, I always say: sleep is medicine.\n"
    source = extract(inline, "markdown")
    [finding] = team.check(source.prose, author=source.author).findings
    assert (finding.rule, finding.line, finding.column) == ("IMP201", 5, 1)  # lines of the original file
    assert "your profile lists: chef" in finding.message
    # The rewrite drops the appeal to authority (as advice); it never swaps in the profile's title.
    assert [s.replacement for s in finding.suggestions if s.replacement] == []
    assert any("In my own experience" in s.text for s in finding.suggestions)


# --- without a profile -------------------------------------------------------------------------


def test_without_a_profile_only_high_stakes_advice_gets_an_info() -> None:
    linter = Linter({"select": PROFILE_RULES})
    [finding] = linter.check("As a licensed physician, I recommend this tea for anxiety.").findings
    assert (finding.rule, finding.severity.value) == ("IMP206", "info")
    assert finding.message == "'As a licensed physician' is a high-stakes (medical) claim next to advice or a promise: make sure this is true."
    assert linter.check("I'm a nurse and tonight's shift was long.").findings == []  # no advice
    assert linter.check("As a teacher, I recommend this book.").findings == []  # not high-stakes
    assert linter.check("I'm a nurse and I think you should try this.", author=JANE).findings[0].rule == "IMP201"


def test_claims_are_reported_even_when_supported(team: Linter) -> None:
    report = team.check("As an RN, I always say: sleep is medicine.", author="ana")
    assert [(c.kind, c.value, c.text) for c in report.claims] == [("credential", "RN", "As an RN")]


def test_profile_blind_rule_can_stand_down_for_supported_claims(tmp_path) -> None:
    """``require: supported`` lets a phrase rule skip claims the profile backs."""
    (tmp_path / "TST001.yaml").write_text(
        """
code: TST001
name: credential-as-persuasion
category: impersonation
message: "'{match}' leans on a credential."
why: w
detectors:
  - type: conditional
    scope: sentence
    when: {type: regex, pattern: '\\bas an? (?:doctor|nurse|rn)\\b'}
    unless: [{type: claim, require: supported, kinds: [credential]}]
suggestions: [{template: t}]
examples: {bad: ["As a doctor, rest."], good: ["Rest."]}
""",
        encoding="utf-8",
    )
    linter = Linter({"builtin-rules": False, "rules": [str(tmp_path)]})
    text = "As a nurse, I say rest. As a doctor, I say rest."
    assert rules(linter.check(text)) == [("TST001", "As a nurse"), ("TST001", "As a doctor")]
    assert rules(linter.check(text, author={"credentials": ["RN"]})) == [("TST001", "As a doctor")]


@pytest.mark.parametrize(
    ("text", "profile", "code"),
    [
        ("Trust me, I'm a doctor: this supplement works.", {"credentials": ["physician"]}, "IMP101"),
        ("This is the official account of Acme Bank. DM us to fix it.", {"speaks-for": ["Acme Bank"]}, "IMP109"),
    ],
)
def test_builtin_profile_blind_rules_stand_down_when_the_profile_backs_the_claim(
    text: str, profile: dict, code: str
) -> None:
    linter = Linter({"select": ["IMP101", "IMP109"]})
    assert [f.rule for f in linter.check(text).findings] == [code]
    assert [f.rule for f in linter.check(text, author={"roles": ["community manager"]}).findings] == [code]
    assert linter.check(text, author=profile).findings == []


def test_cli_reads_the_author_from_config_and_front_matter(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from authlint.cli import cli

    (tmp_path / ".authlint.yaml").write_text(
        "select: [IMP2]\nauthor: jane\nauthors:\n  jane: {roles: [community manager]}\n  ana: {credentials: [RN]}\n",
        encoding="utf-8",
    )
    body = "As a registered nurse, I recommend this tea.\n"
    (tmp_path / "jane.md").write_text(body, encoding="utf-8")
    (tmp_path / "ana.md").write_text("---\nauthor: ana\n---\n" + body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "concise", "jane.md", "ana.md"], catch_exceptions=False)
    assert "jane.md:1:1: IMP201" in result.output
    assert "your profile lists: community manager" in result.output
    assert "ana.md" not in result.output.replace("ana.md  score", "")  # Ana's post has no finding
    assert result.exit_code == 1


def test_linter_resolves_author_refs_for_callers(linter: Linter, team: Linter) -> None:
    assert team.author_profile("ana").credentials == ["RN"]  # type: ignore[union-attr]
    assert team.author_profile().name == "Jane Doe"  # type: ignore[union-attr]
    assert team.author_profile({"roles": ["chef"]}).roles == ["chef"]  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match=r"^author\.rols: Extra inputs are not permitted$"):
        team.author_profile({"rols": ["chef"]})
    assert linter.author_profile() is None


def test_cli_unknown_front_matter_author_is_that_files_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from authlint.cli import cli

    (tmp_path / ".authlint.yaml").write_text("select: [IMP2]\nauthors:\n  ana: {credentials: [RN]}\n", encoding="utf-8")
    (tmp_path / "bad.md").write_text("---\nauthlint-author: bob\n---\nAs an RN, rest.\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("---\nauthor: ana\n---\nAs an RN, rest.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "concise", "--no-cache", "bad.md", "good.md"], catch_exceptions=False)
    assert "bad.md: error: author 'bob' is not defined in `authors` (known: ana)" in result.output
    assert result.exit_code == 2  # the other post was still checked: it has no finding
