"""Flask app factory."""

from __future__ import annotations

from flask import Flask

from chrono.web import health, problems


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(JSON_AS_ASCII=False, MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    app.json.ensure_ascii = False
    if config:
        app.config.update(config)
    problems.register(app)
    app.register_blueprint(health.bp)
    return app
