"""`chrono serve`: the API and pages over HTTP (gunicorn)."""

from __future__ import annotations

import os

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=lambda: int(os.environ.get("PORT", "8000")), show_default="8000 or $PORT", type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--migrate/--no-migrate", default=True, show_default=True, help="Upgrade the schema first.")
def serve(host, port, workers, migrate):
    """Serve the JSON API and the timeline pages."""
    from gunicorn.app.base import BaseApplication

    from chrono.store import db
    from chrono.store import migrate as migrations
    from chrono.web import create_app

    dsn = db.url()  # starts the embedded database when DATABASE_URL is not set
    if migrate:
        migrations.upgrade(dsn)
    with db.connect(dsn) as conn:
        db.check_trigrams(conn)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            # gunicorn's own refusal of a long request line is a bare 400; past the app's 4096-byte
            # query limit (a 414 problem document) up to here, the app answers
            self.cfg.set("limit_request_line", 8190)

        def load(self):
            return create_app()

    click.echo(f"chrono serving on http://{host}:{port}")
    Server().run()
