"""Security: who may write, SQL injection through every input, escaping in pages, security headers, and
no secret in logs or error bodies. Real PostgreSQL; the app through Flask's test client; the CLI in-process."""

from __future__ import annotations

import ast
import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from click.testing import CliRunner

import web_helpers as W
from chrono.web import create_app

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "tok-7f3a-Secret-Value"
INJECTIONS = [
    "'; DROP TABLE events; --", '"; DROP TABLE regions; --', "' OR '1'='1", "1 OR 1=1", "%s", "%(q)s", "$1",
    "\\x00", "\x00", "\\", "\\'", "'''", "E'\\\\'", "' UNION SELECT usename, passwd FROM pg_shadow --",
    "حلب'; DELETE FROM regions; --", "الحسكة\" OR \"1\"=\"1", "1); TRUNCATE articles CASCADE; --", "{}", "*", "%",
]


def snapshot(conn) -> dict:
    """Every table of the schema with its row count (and the regions' total, as a checksum of their keys)."""
    tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    counts["regions.md5"] = conn.execute("SELECT md5(string_agg(pcode, ',' ORDER BY pcode)) FROM regions").fetchone()[0]
    return counts


@pytest.fixture(scope="module")
def story(database_url):
    with psycopg.connect(database_url, autocommit=True) as c:
        c.execute("TRUNCATE entries, ingest_runs, event_reports, event_regions, events, mentions, articles, sources "
                  "RESTART IDENTITY CASCADE")
        return W.seed_story(c)


@pytest.fixture(scope="module")
def app(story):
    return create_app({"TESTING": True, "CHRONO_API_TOKEN": TOKEN})


@pytest.fixture
def client(app):
    return app.test_client()


# --- writes need the token; reads are public ------------------------------------------------------

def write_rules(app):
    """Every route that takes a method other than GET/HEAD/OPTIONS (POST /resolve computes, stores nothing)."""
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"GET", "HEAD", "OPTIONS"}):
            if rule.rule != "/resolve":
                out.append((method, rule.rule.replace("<event_id>", "1").replace("<article_id>", "1")
                            .replace("<slug>", "syria")))
    return out


def test_every_write_needs_the_bearer_token_and_no_token_means_no_writes(app, database_url):
    rules = write_rules(app)
    assert ("POST", "/articles") in rules
    off = create_app({"TESTING": True}).test_client()
    on = app.test_client()
    with psycopg.connect(database_url, autocommit=True) as conn:
        before = snapshot(conn)
        for method, path in rules:
            body = {"text": "حلب أمس", "published": "2022-10-08T10:00:00+03:00"}
            assert off.open(path, method=method, json=body).status_code == 403  # no token configured: off
            for header in (None, "Bearer", "Bearer ", f"Basic {TOKEN}", f"bearer{TOKEN}", f"Bearer {TOKEN[:-1]}",
                           f"Bearer {TOKEN}x", f"Bearer {TOKEN.lower()}", "Bearer حلب", f"Bearer {TOKEN[:-1]}\u0661",
                           "Bearer " + "A" * 10_000):
                headers = {"Authorization": header} if header is not None else {}
                answer = on.open(path, method=method, json=body, headers=headers)
                assert answer.status_code == 401, (method, path, header, answer.status_code)
                assert answer.headers["WWW-Authenticate"].startswith("Bearer")
                assert TOKEN not in answer.get_data(as_text=True)
        assert snapshot(conn) == before  # nothing was written
    for method in ("PUT", "PATCH", "DELETE"):
        for path in ("/timeline", "/events/1", "/articles/1", "/regions/syria"):
            assert on.open(path, method=method, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 405


def test_the_token_is_compared_in_constant_time():
    """`_require_token` compares with hmac.compare_digest and never with ==/!= or startswith."""
    source = (ROOT / "chrono" / "web" / "api.py").read_text(encoding="utf-8")
    fn = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef) and n.name == "_require_token")
    calls = {ast.unparse(n.func) for n in ast.walk(fn) if isinstance(n, ast.Call)}
    assert "hmac.compare_digest" in calls
    compares = [ast.unparse(n) for n in ast.walk(fn) if isinstance(n, ast.Compare)]
    assert not [c for c in compares if "token" in c and "given" in c], compares
    assert not any(c.endswith(("startswith", "endswith")) for c in calls if "token" in c or "given" in c)


# --- SQL injection --------------------------------------------------------------------------------------

READ_PARAMS = {
    "/timeline": ("region", "from", "to", "q", "lang", "place", "min_sources", "precision", "order", "limit",
                  "cursor", "format"),
    "/regions/hasakah": ("from", "to", "q", "place", "min_sources", "precision", "order", "limit", "cursor"),
    "/regions": ("max_level",),
    "/resolve?anchor=2022-10-08T17:41:00%2B03:00": ("text", "lang"),
    "/resolve?text=x": ("anchor",),
    "/search": ("q", "region"),
    "/": ("lang",),
}
PATHS = ("/regions/{}", "/regions/{}.json", "/regions/{}/feed.atom", "/events/{}", "/events/{}.json",
         "/articles/{}")


def test_injection_strings_in_every_api_parameter_leave_the_tables_intact(client, database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        before = snapshot(conn)
        for value in INJECTIONS:
            v = quote(value, safe="")
            for path, names in READ_PARAMS.items():
                for name in names:
                    for accept in ("application/json", "text/html"):
                        url = f"{path}{'&' if '?' in path else '?'}{name}={v}"
                        answer = client.get(url, headers={"Accept": accept})
                        assert answer.status_code < 500, (url, answer.status_code)
            for pattern in PATHS:
                answer = client.get(pattern.format(v or "x"))
                assert answer.status_code < 500, (pattern, value, answer.status_code)
            answer = client.post("/resolve", json={"text": value, "anchor": "2022-10-08T17:41:00+03:00"})
            assert answer.status_code < 500
        assert snapshot(conn) == before
        # an injection string is data: a search for it finds nothing, and the events are all there
        assert client.get("/timeline?q=" + quote("' OR '1'='1")).get_json()["events"] == []


def test_injection_strings_written_through_the_api_are_stored_as_given(client, database_url):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = snapshot(conn).keys()
        for i, value in enumerate(INJECTIONS):
            record = {"url": f"https://inject.example/{i}?x={value}", "guid": value, "title": value,
                      "source": f"outlet {value}", "text": f"قصفت القوات مدينة حلب أمس. {value}",
                      "published": "2022-10-08T10:00:00+03:00"}
            answer = client.post("/articles", json=record, headers=auth)
            assert answer.status_code in (201, 200), (value, answer.status_code, answer.get_data(as_text=True)[:300])
            stored = conn.execute("SELECT a.title, a.guid, s.name FROM articles a JOIN sources s ON s.id = a.source_id "
                                  "WHERE a.id = %s", (answer.get_json()["article_id"],)).fetchone()
            clean = value.replace("\x00", "\ufffd")  # PostgreSQL text holds no NUL
            assert stored == (clean, clean, f"outlet {clean}")
        assert snapshot(conn).keys() == tables
        assert conn.execute("SELECT count(*) FROM regions").fetchone()[0] > 1000


def test_injection_strings_on_the_command_line_leave_the_tables_intact(database_url, tmp_path):
    from chrono.cli import main

    runner = CliRunner()
    with psycopg.connect(database_url, autocommit=True) as conn:
        before_tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        regions = conn.execute("SELECT count(*) FROM regions").fetchone()[0]
        for i, value in enumerate(v for v in INJECTIONS if "\x00" not in v):
            item = tmp_path / f"item{i}.txt"
            item.write_text(f"دمشق - 8 تشرين الأول 2022\nقصفت القوات مدينة حلب أمس. {value}\n", encoding="utf-8")
            done = runner.invoke(main, ["ingest", str(item), "--source", f"cli {value}", "--published",
                                        "2022-10-08T10:00:00+03:00"])
            assert done.exit_code == 0, done.output
            assert conn.execute("SELECT count(*) FROM sources WHERE name = %s", (f"cli {value}",)).fetchone()[0] == 1
            for args in (["ingest", str(item), "--published", value], ["ingest", str(item), "--tz", value],
                         ["reprocess", "--since", value], ["ingest", "--status", "--limit", value],
                         ["merge", "--show", value], ["places", "find", value]):
                result = runner.invoke(main, args)
                assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
        odd = tmp_path / "it's \"odd\"; DROP TABLE events; --.txt"
        odd.write_text("دمشق - 8 تشرين الأول 2022\nقصفت القوات مدينة حلب أمس.\n", encoding="utf-8")
        assert runner.invoke(main, ["ingest", str(odd)]).exit_code == 0
        assert conn.execute("SELECT count(*) FROM articles WHERE url = %s", (odd.resolve().as_uri(),)).fetchone()[0] == 1
        after_tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert after_tables == before_tables
        assert conn.execute("SELECT count(*) FROM regions").fetchone()[0] == regions
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0


# --- static: no SQL built from values -----------------------------------------------------------------

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|DROP|ALTER|TRUNCATE|CREATE|GRANT|COPY)\b[\s\S]*"
                       r"\b(FROM|INTO|SET|TABLE|WHERE|DATABASE|VALUES|ON|TO)\b")
DB_METHODS = {"execute", "executemany", "stream", "copy"}


def _const_text(node: ast.AST) -> str:
    return " ".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def sql_built_from_values(source: str) -> list[str]:
    """Places where SQL text is put together from values with an f-string, % or str.format (rather than
    with placeholders, or psycopg.sql composition with Identifier/Literal)."""
    problems = []
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def built(node) -> bool:
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
            return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            base = node.func.value  # "...".format(x) builds text; sql.SQL("...").format(x) composes safely
            return not (isinstance(base, ast.Call) and ast.unparse(base.func).split(".")[-1] == "SQL")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join":
            return isinstance(node.func.value, ast.Constant)
        return False

    for node in ast.walk(tree):
        if built(node) and SQL_WORDS.search(_const_text(node)):
            problems.append(f"line {node.lineno}: {ast.unparse(node)[:100]}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DB_METHODS \
                and node.args and built(node.args[0]):
            problems.append(f"line {node.lineno}: {node.func.attr}() of built text: {ast.unparse(node.args[0])[:100]}")
        if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] == "SQL" and node.args \
                and built(node.args[0]):
            problems.append(f"line {node.lineno}: sql.SQL() of built text")
    del parents
    return problems


def test_the_sql_scanner_finds_sql_built_from_values():
    bad = '''
def f(conn, name, pcode):
    conn.execute(f"SELECT * FROM regions WHERE name = '{name}'")
    conn.execute("SELECT * FROM regions WHERE pcode = '%s'" % pcode)
    query = "DELETE FROM events WHERE id = {}".format(pcode)
    conn.execute("SELECT 1 FROM x WHERE a = " + name)
    conn.execute(sql.SQL(f"SELECT {name} FROM t"))
'''
    assert len(sql_built_from_values(bad)) >= 5
    good = '''
def f(conn, name, table):
    conn.execute("SELECT * FROM regions WHERE name = %s", (name,))
    conn.execute(q("region_named"), {"name": name})
    conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(table)))
    log.info(f"stored {name}")
'''
    assert sql_built_from_values(good) == []


def test_no_sql_in_chrono_is_built_from_values():
    problems = []
    for path in sorted((ROOT / "chrono").rglob("*.py")):
        for problem in sql_built_from_values(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)} {problem}")
    assert problems == []


def test_named_queries_use_placeholders_only():
    """sql/queries/*.sql are sent as written: values come in as %(name)s placeholders, never {…} holes.
    The timeline templates' holes are filled with fixed SQL only (a direction, a comparison, an ORDER BY)."""
    for path in sorted((ROOT / "sql" / "queries").glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        text = re.sub(r"'[^']*'", "''", text)  # string literals such as '{}' (an empty array) are not holes
        holes = [h for h in re.findall(r"\{[^{}\n]*\}", text) if h not in ("{dir}", "{cmp}", "{sort_first}")]
        assert holes == [], (path.name, holes)


# --- pages escape stored text; security headers ------------------------------------------------------------

class Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.images, self.text = [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.handlers += [(tag, k) for k, _ in attrs if k.lower().startswith("on")]
        if tag == "script":
            self._in_script = True
            self.scripts.append(dict(attrs))
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts.append({"inline": data})
        else:
            self.text.append(data)


EVIL_TITLE = "<script>alert('title')</script>"
EVIL_TEXT = "قصفت القوات مدينة حلب يوم 7 تشرين الأول 2022 <img src=x onerror=alert(1)> <script>alert(1)</script>."


def test_pages_show_stored_markup_as_text(client, database_url):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    made = client.post("/articles", headers=auth, json={
        "url": "https://evil.example/1", "title": EVIL_TITLE, "source": "<b onmouseover=alert(2)>evil</b>",
        "text": EVIL_TEXT, "published": "2022-10-08T10:00:00+03:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    with psycopg.connect(database_url, autocommit=True) as conn:
        event_id = conn.execute("SELECT r.event_id FROM event_reports r WHERE r.article_id = %s LIMIT 1",
                                (made.get_json()["article_id"],)).fetchone()[0]
    pages = [f"/events/{event_id}", "/regions/aleppo?from=2022-10-01&to=2022-10-31", "/regions/syria",
             "/?lang=ar", "/?lang=en", f"/events/{event_id}?lang=ar"]
    seen_text = ""
    for path in pages:
        answer = client.get(path, headers={"Accept": "text/html"})
        assert answer.status_code == 200 and answer.mimetype == "text/html", path
        parser = Markup()
        parser.feed(answer.get_data(as_text=True))
        assert [s for s in parser.scripts if "inline" in s] == [], path
        assert all(s.get("src", "").startswith("/") for s in parser.scripts), path
        assert parser.handlers == [], (path, parser.handlers)
        assert not [i for i in parser.images if i.get("src") == "x"], path
        seen_text += "".join(parser.text)
    assert "<img src=x onerror=alert(1)>" in seen_text and "<script>alert(1)</script>" in seen_text
    # the JSON API hands the text back as JSON, never as HTML
    answer = client.get(f"/events/{event_id}.json")
    assert answer.mimetype == "application/json" and "<script>alert(1)</script>" in json.dumps(answer.get_json())
    feed = client.get("/regions/aleppo/feed.atom").get_data(as_text=True)
    assert "<script>" not in feed and "&lt;script&gt;" in feed


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@pytest.mark.parametrize("path,accept", [
    ("/", "text/html"), ("/regions/hasakah", "text/html"), ("/events/1", "text/html"), ("/timeline", "*/*"),
    ("/timeline?format=csv", "*/*"), ("/regions/hasakah/feed.atom", "*/*"), ("/openapi.json", "*/*"),
    ("/static/style.css", "*/*"), ("/no/such/page", "text/html"), ("/timeline?limit=0", "*/*"),
    ("/regions/nowhere-at-all", "text/html"), ("/healthz", "*/*"),
])
def test_every_answer_sends_the_security_headers(client, path, accept):
    answer = client.get(path, headers={"Accept": accept})
    for name in SECURITY_HEADERS:
        assert name in answer.headers, (path, answer.status_code, name)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp


# --- secrets stay out of logs and error bodies --------------------------------------------------------------

def test_no_secret_in_error_bodies_or_logs(database_url, caplog, monkeypatch, tmp_path):
    password = "pw-Zq81-never-shown"
    params = psycopg.conninfo.conninfo_to_dict(database_url)
    # trust auth on the test server accepts any password: a working URL that carries one …
    working = psycopg.conninfo.make_conninfo(database_url, password=password)
    # … and one that cannot connect (nothing listens on port 9)
    broken = f"postgresql://{params.get('user', 'postgres')}:{password}@127.0.0.1:9/{params['dbname']}"
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("CHRONO_POOL_TIMEOUT", "0.5")  # with the database away, answer 503 at once
    bodies = []
    from chrono.store import db

    for dsn in (working, broken):
        monkeypatch.setenv("DATABASE_URL", dsn)
        monkeypatch.setattr(db, "_pools", {})
        client = create_app({"TESTING": True, "CHRONO_API_TOKEN": TOKEN}).test_client()
        for path in ("/timeline", "/regions/hasakah", "/events/1", "/healthz", "/", "/articles/1"):
            bodies.append(client.get(path).get_data(as_text=True))
        for auth in ("Bearer nope", f"Bearer {TOKEN}"):
            bodies.append(client.post("/articles", headers={"Authorization": auth},
                                      json={"text": "حلب أمس", "url": "https://s.example/1"}).get_data(as_text=True))
        for pool in db._pools.values():
            pool.close()
    monkeypatch.setattr(db, "_pools", {})
    assert any('"status":503' in b.replace(" ", "") or "Service Unavailable" in b for b in bodies)
    from chrono.cli import main

    for dsn in (working, broken):
        monkeypatch.setenv("DATABASE_URL", dsn)
        for args in (["ingest", "--status"], ["db", "status"], ["ingest", str(tmp_path / "none.txt")]):
            result = CliRunner().invoke(main, args)
            bodies.append(result.output + (repr(result.exception) if result.exception else ""))
    everything = "\n".join(bodies) + "\n" + caplog.text
    assert password not in everything
    assert TOKEN not in everything
