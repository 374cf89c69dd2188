"""The app answers /healthz from the real database, and errors are problem documents."""

from chrono.web import create_app


def test_healthz_reports_current_schema(database_url):
    client = create_app().test_client()
    response = client.get("/healthz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["migrations"]["current"] == body["migrations"]["head"]


def test_healthz_unreachable_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=2")
    response = create_app().test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_unknown_path_is_a_problem_document():
    response = create_app().test_client().get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404
