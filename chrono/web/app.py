"""Flask app factory."""

from __future__ import annotations

from flask import Flask

from chrono.web import answer_cache, api, health, http, jsonenc, openapi, pages, problems, templating


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.jinja_environment = templating.Environment
    app.json = jsonenc.JSONProvider(app)
    app.config.from_mapping(JSON_AS_ASCII=False, MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.url_map.strict_slashes = False
    if config:
        app.config.update(config)
    problems.register(app)
    http.register(app)
    answer_cache.register(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi.bp)
    http.NEGOTIATED.update({"api.region", "api.event", "pages.home"})
    return app
