"""The HTTP API of ``authlint serve`` (authlint.web.app / authlint.web.api), through Starlette's TestClient."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from authlint import Config, Linter
from authlint.cli import cli
from authlint.engine.run import MAX_POST_CHARS
from authlint.web.api import LintService
from authlint.web.app import CHECK_BODY_LIMIT, LOOPBACK_HOSTS, OPENAPI, create_app

with warnings.catch_warnings():  # starlette 1.x: "install httpx2" (httpx is what the test tools pin)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "authlint" / "data" / "report.schema.json").read_text(encoding="utf-8"))
DRAFT = 'Oh great, another "expert". Buy now!!! Link in bio: https://shop.example.com/buy-now-deal #ad'


@pytest.fixture(scope="module")
def service(linter: Linter) -> LintService:
    return LintService(linter)


@pytest.fixture(scope="module")
def client(service: LintService) -> TestClient:
    return TestClient(create_app(service), raise_server_exceptions=False)


def _error(response, status: int) -> str:
    """The one-line message of a JSON error response with ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    assert "\n" not in body["error"] and "Traceback" not in body["error"]
    return body["error"]


# --- the report -----------------------------------------------------------------------------------


def test_check_answers_the_json_report_of_the_cli_for_the_same_post(client: TestClient) -> None:
    result = CliRunner().invoke(cli, ["check", "-", "--format", "json", "--no-cache", "--platform", "x"], input=DRAFT)
    assert result.exit_code == 1, result.output
    expected = json.loads(result.output)["files"][0]
    got = client.post("/api/check", json={"text": DRAFT, "platform": "x"}).json()
    assert {k: v for k, v in got.items() if k not in ("path", "length", "fixed_text")} == \
           {k: v for k, v in expected.items() if k != "path"}
    assert got["path"] == "<draft>" and got["findings"], got
    # URLs are quoted as written (the Linter saw a same-length stub), as the CLI does.
    assert not any("x3" in f["text"] for f in got["findings"])


def test_report_validates_against_the_published_schema(client: TestClient) -> None:
    import jsonschema

    body = client.post("/api/check", json={"text": DRAFT, "platform": "bluesky", "id": 7}).json()
    jsonschema.validate(body, {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": "#/$defs/file"})
    assert body["id"] == "7"


def test_length_is_measured_the_platforms_way(client: TestClient) -> None:
    family = "\U0001F468\u200D\U0001F469\u200D\U0001F467"  # one grapheme, five code points
    x = client.post("/api/check", json={"text": f"Hi {family}", "platform": "x"}).json()["length"]
    bsky = client.post("/api/check", json={"text": f"Hi {family}", "platform": "bsky"}).json()
    assert bsky["platform"] == "bluesky"
    assert bsky["length"] == {"count": 4, "limit": 300, "counting": "graphemes", "over": 0, "overflow_at": None}
    assert x["count"] == 5 and x["limit"] == 280 and x["counting"] == "weighted"
    url = client.post("/api/check", json={"text": "See https://example.com/" + "a" * 200, "platform": "x"}).json()
    assert url["length"]["count"] == 4 + 23  # every link is 23 on X
    long = client.post("/api/check", json={"text": "word " * 70, "platform": "x"}).json()
    assert long["length"]["over"] == 349 - 280 and "PLT101" in {f["rule"] for f in long["findings"]}
    assert client.post("/api/check", json={"text": "Hello"}).json()["length"] is None


def test_fixed_text_applies_the_suggested_replacements(client: TestClient) -> None:
    body = client.post("/api/check", json={"text": "Per my last post, the meetup moved to Thursday."}).json()
    fixes = [s["replacement"] for f in body["findings"] for s in f["suggestions"] if s["replacement"] is not None]
    assert fixes, body["findings"]
    assert body["fixed_text"].startswith(fixes[0]) and "Per my last post" not in body["fixed_text"]
    clean = client.post("/api/check", json={"text": "Thanks to @lina for the fix."}).json()
    assert clean["fixed_text"] == "Thanks to @lina for the fix."


def test_author_profile_feeds_the_honesty_checks(client: TestClient) -> None:
    text = "Trust me, I'm a licensed physician: this tea cures colds."
    anonymous = client.post("/api/check", json={"text": text}).json()
    nurse = client.post("/api/check", json={"text": text, "author": {"name": "Jane Doe", "credentials": ["registered nurse"]}}).json()
    doctor = client.post("/api/check", json={"text": text, "author": {"name": "Jane Doe", "credentials": ["licensed physician"]}}).json()
    assert "IMP201" not in {f["rule"] for f in anonymous["findings"]}
    assert "IMP201" in {f["rule"] for f in nurse["findings"]}
    assert doctor["findings"] == [] and doctor["score"] == 100.0
    speaker = "Speaking on behalf of Acme: we are sorry for the outage."
    for key in ("speaks-for", "speaks_for"):
        allowed = client.post("/api/check", json={"text": speaker, "author": {"name": "Priya", key: ["Acme"]}}).json()
        assert allowed["findings"] == []
    assert {f["rule"] for f in client.post("/api/check", json={"text": speaker, "author": {"name": "Priya"}}).json()["findings"]} == {"IMP203"}
    # Empty fields are no profile at all.
    empty = client.post("/api/check", json={"text": text, "author": {"name": "", "roles": []}}).json()
    assert empty == anonymous


def test_select_and_ignore_equal_a_linter_built_with_that_selection(client: TestClient) -> None:
    texts = [DRAFT, "Per my last post: educate yourself. Thanks @sam for the help!", "I did it all on my own. Buy now!"]
    narrowed = Linter(Config(select=["SNK", "PRO101", "connection"], ignore=["SNK106"]))
    for text in texts:
        got = client.post("/api/check", json={"text": text, "select": "SNK,PRO101,connection", "ignore": ["SNK106"]}).json()
        want = narrowed.check(text).to_dict()
        assert got["findings"] == want["findings"]
        assert (got["score"], got["categories"]) == (want["score"], want["categories"])
    full = client.post("/api/check", json={"text": DRAFT}).json()
    ignored = client.post("/api/check", json={"text": DRAFT, "ignore": ["snark"]}).json()
    assert {f["category"] for f in full["findings"]} >= {"snark"} and "snark" not in {f["category"] for f in ignored["findings"]}
    assert ignored["score"] > full["score"]


def test_markdown_kind_masks_markup_and_reads_front_matter(client: TestClient) -> None:
    text = "---\nplatform: bluesky\n---\nUse `Buy now` in code. <!-- authlint-disable-next-line SNK101 -->\nOh great, it works."
    body = client.post("/api/check", json={"text": text, "kind": "markdown"}).json()
    assert body["platform"] == "bluesky" and body["findings"] == []
    plain = client.post("/api/check", json={"text": "Buy now, it works."}).json()
    assert "PRO101" in {f["rule"] for f in plain["findings"]}


def test_check_many_keeps_order_and_equals_single_checks(client: TestClient) -> None:
    posts = ["Buy now!!!", {"text": "Thanks @lina for the fix!", "platform": "mastodon"}, "Oh great, another outage."]
    body = client.post("/api/check-many", json={"posts": posts, "platform": "x"}).json()
    singles = [client.post("/api/check", json={**({"text": p} if isinstance(p, str) else p),
                                               **({"platform": "x"} if isinstance(p, str) else {})}).json() for p in posts]
    assert body["files"] == singles
    assert [f["platform"] for f in body["files"]] == ["x", "mastodon", "x"]
    message = _error(client.post("/api/check-many", json={"posts": ["hi"] * 101}), 413)
    assert "101 posts" in message
    too_long = _error(client.post("/api/check-many", json={"posts": ["ok", "a" * (MAX_POST_CHARS + 1)]}), 413)
    assert too_long.startswith("posts[1]: post has 100,001 characters")
    assert "posts[0]: expected a JSON object" in _error(client.post("/api/check-many", json={"posts": [3]}), 422)
    assert "posts[1].platform" in _error(client.post("/api/check-many", json={"posts": ["a", {"text": "b", "platform": "nope"}]}), 422)


# --- bad requests -------------------------------------------------------------------------------


def test_bad_json_is_400(client: TestClient) -> None:
    for body in (b"{bad", b"", b'{"text": "unterminated'):
        assert "not valid JSON" in _error(client.post("/api/check", content=body, headers={"content-type": "application/json"}), 400)
    assert "UTF-8" in _error(client.post("/api/check", content=b'{"text": "\xff"}', headers={"content-type": "application/json"}), 400)


def test_a_body_that_is_not_json_is_415(client: TestClient) -> None:
    message = _error(client.post("/api/check", content=b"text=hi", headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    assert "application/json" in message


def test_posts_and_bodies_over_the_limit_are_413(client: TestClient) -> None:
    message = _error(client.post("/api/check", json={"text": "a" * (MAX_POST_CHARS + 1)}), 413)
    assert message == f"post has {MAX_POST_CHARS + 1:,} characters, over the {MAX_POST_CHARS:,} limit for one post; split it into posts"
    assert client.post("/api/check", json={"text": "a " * (MAX_POST_CHARS // 2)}).status_code == 200
    huge = json.dumps({"text": "x" * (CHECK_BODY_LIMIT + 10)})
    assert "limit" in _error(client.post("/api/check", content=huge, headers={"content-type": "application/json"}), 413)

    def chunks():  # no Content-Length: the body is cut off while it is read
        for _ in range(CHECK_BODY_LIMIT // 65536 + 2):
            yield b" " * 65536

    assert "over the" in _error(client.post("/api/check", content=chunks(), headers={"content-type": "application/json"}), 413)


def test_unknown_platform_is_422_with_the_known_ones(client: TestClient) -> None:
    response = client.post("/api/check", json={"text": "hi", "platform": "myspace"})
    message = _error(response, 422)
    assert "myspace" in message
    assert response.json()["known"] == ["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "x"]
    assert "did you mean 'x'" in _error(client.post("/api/check", json={"text": "hi", "platform": "xx"}), 422)


@pytest.mark.parametrize("body, fragment", [
    ({}, "text: missing"),
    ({"text": 5}, "text: expected a string"),
    ([1, 2], "expected a JSON object"),
    ({"text": "hi", "kind": "html"}, "kind: expected one of"),
    ({"text": "hi", "select": [1]}, "select: expected a list"),
    ({"text": "hi", "author": ["me"]}, "author: expected a mapping"),
    ({"text": "hi", "author": {"age": 500}}, "author.age"),
    ({"text": "hi", "author": {"nickname": "x"}}, "nickname"),
    ({"text": "hi", "author": "ceo"}, "author 'ceo' is not defined"),
    ({"text": "hi", "select": ["PRO999"]}, "'PRO999' matches no rule"),
    ({"text": "---\nplatform: [\n---\nhi", "kind": "markdown"}, "front matter is not valid YAML"),
])
def test_invalid_fields_are_one_line_422s(client: TestClient, body: object, fragment: str) -> None:
    assert fragment in _error(client.post("/api/check", json=body), 422)


def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient) -> None:
    body = b'{"text": "caf\\u00e9 \\ud800 Buy now!"}'  # valid JSON, but not Unicode text
    message = _error(client.post("/api/check", content=body, headers={"content-type": "application/json"}), 422)
    assert message == "text: a lone surrogate (\\ud800) at offset 5 is not Unicode text"


def test_nothing_a_client_sends_reads_files_loads_rules_or_changes_settings(client: TestClient, service: LintService) -> None:
    rules_before = [r["code"] for r in service.rules()]
    for body in ({"text": "hi", "rules": [str(ROOT / "rules")]}, {"text": "hi", "config": "/etc/passwd"},
                 {"text": "hi", "model": "/tmp"}, {"text": "hi", "allow": ["buy now"]}):
        assert "unknown field" in _error(client.post("/api/check", json=body), 422)
    for selector in ("/etc/passwd", "../rules", str(ROOT / "rules" / "snark")):
        assert "matches no rule" in _error(client.post("/api/check", json={"text": "hi", "select": [selector]}), 422)
    assert "not defined" in _error(client.post("/api/check", json={"text": "hi", "author": "/etc/passwd"}), 422)
    # A `path` only names the post in the report: nothing is read from it.
    named = client.post("/api/check", json={"text": "Buy now!", "path": str(ROOT / "README.md")}).json()
    assert named["path"] == str(ROOT / "README.md") and {f["rule"] for f in named["findings"]} == {"PRO101"}
    assert [r["code"] for r in service.rules()] == rules_before


def test_unknown_routes_and_methods_answer_json(client: TestClient) -> None:
    assert "/api/nope" in _error(client.get("/api/nope"), 404)
    assert "GET is not allowed" in _error(client.get("/api/check"), 405)
    assert _error(client.get("/static/..%2Fopenapi.yaml"), 404)
    assert _error(client.get("/static/app.py"), 404)


def test_an_internal_error_is_a_json_500_without_a_traceback(linter: Linter) -> None:
    class Broken(LintService):
        def check_many(self, requests):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom\n  File 'secret.py', line 1")

    broken = TestClient(create_app(Broken(linter)), raise_server_exceptions=False)
    message = _error(broken.post("/api/check", json={"text": "hi"}), 500)
    assert "RuntimeError" in message and "secret.py" not in message


def test_loopback_servers_answer_only_loopback_host_names(service: LintService) -> None:
    guarded = TestClient(create_app(service, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8765")
    assert guarded.get("/health").json()["status"] == "ok"
    for host in ("localhost:8765", "[::1]:8765", "[::1]", "127.0.0.1", "LOCALHOST"):
        assert guarded.get("/health", headers={"host": host}).status_code == 200
    for host in ("attacker.example:8765", "127.0.0.1.attacker.example", "[::2]:8765", ""):
        assert "answers requests for" in _error(guarded.get("/health", headers={"host": host}), 421)


# --- the page and the other routes ------------------------------------------------------------------


def test_page_and_assets_are_local_only(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert '<script src="/static/app.js"' in html and 'href="/static/app.css"' in html
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        text = asset.text
        assert "http://" not in text and "https://" not in text and "@import" not in text and "url(" not in text
    assert "http://" not in html.replace('href="/openapi.yaml"', "") and "https://" not in html


def test_rules_health_and_platforms(client: TestClient, service: LintService) -> None:
    rules = client.get("/api/rules").json()["rules"]
    codes = [r["code"] for r in rules]
    assert codes == sorted(codes) and {"PRO101", "SNK101", "PLT101"} <= set(codes)
    assert next(r for r in rules if r["code"] == "PLT101")["default"] == "platform"
    assert all(r["why"] for r in rules)
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["rules"] == len(rules) and health["max_post_chars"] == MAX_POST_CHARS
    platforms = {p["name"]: p for p in client.get("/api/platforms").json()["platforms"]}
    assert platforms["x"]["length"] == {"limit": 280, "counting": "weighted", "url_length": 23, "mention_local_part": False}
    assert platforms["bluesky"]["length"]["counting"] == "graphemes"


def test_openapi_documents_every_route_and_the_reports_match_it(client: TestClient) -> None:
    import jsonschema

    served = client.get("/openapi.yaml")
    assert served.status_code == 200
    doc = yaml.safe_load(served.text)
    assert doc == yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
    assert set(doc["paths"]) == {"/health", "/api/rules", "/api/platforms", "/api/check", "/api/check-many"}

    def valid(instance: object, name: str) -> None:
        jsonschema.Draft202012Validator({**doc, "$ref": f"#/components/schemas/{name}"}).validate(instance)

    valid(client.post("/api/check", json={"text": DRAFT, "platform": "x"}).json(), "PostReport")
    valid(client.post("/api/check", json={"text": "hi"}).json(), "PostReport")
    valid(client.get("/health").json(), "Health")
    for rule in client.get("/api/rules").json()["rules"]:
        valid(rule, "Rule")
    for platform in client.get("/api/platforms").json()["platforms"]:
        valid(platform, "Platform")
    valid(client.post("/api/check", json={"text": "hi", "platform": "zz"}).json(), "Error")
    valid({"text": DRAFT, "platform": "x", "author": {"name": "A", "speaks-for": ["B"]}, "select": "SNK"}, "CheckRequest")
