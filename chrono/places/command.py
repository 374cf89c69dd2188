"""`chrono places …`: find places in text, load the gazetteer.

`chrono places "TEXT"` prints the places in TEXT; `chrono places --jsonl` reads JSON lines
`{"id", "text", "lang"}` on stdin and writes `{"id", "places": [...]}`; `chrono places load` loads
the gazetteer into the database. The group runs the finder when no subcommand is given
(click's invoke_without_command), so a text that is exactly "load" must be passed with `find`.
"""

from __future__ import annotations

import json
import sys

import click


class _TextOrCommand(click.Group):
    """A group whose first argument is either a subcommand or the text to search."""

    def parse_args(self, ctx, args):
        rest = super().parse_args(ctx, args)
        attr = "_protected_args" if hasattr(ctx, "_protected_args") else "protected_args"
        protected = getattr(ctx, attr)
        if protected and protected[0] not in self.commands:
            ctx.meta["places.text"] = [*protected, *ctx.args]
            setattr(ctx, attr, [])
            ctx.args = []
        return rest


@click.group("places", cls=_TextOrCommand, invoke_without_command=True)
@click.option("--jsonl", is_flag=True, help="Read JSON lines {id, text, lang} on stdin, write places as JSON lines.")
@click.option("--home-region", default=None, help="The source's home region (slug, P-code or name).")
@click.pass_context
def places(ctx, jsonl, home_region):
    """Find places in text (chrono places "TEXT" | --jsonl), or load the gazetteer (chrono places load)."""
    if ctx.invoked_subcommand is not None:
        return
    args = ctx.meta.get("places.text", [])
    if jsonl:
        _jsonl(home_region)
    elif args:
        _print(" ".join(args), home_region)
    else:
        click.echo(ctx.get_help())


def _find(text, lang=None, home_region=None):
    from chrono import places as p

    try:
        return p.find(text, lang, home_region=home_region)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _print(text: str, home_region: str | None) -> None:
    found = _find(text, home_region=home_region)
    if not found:
        click.echo("no places found")
    for m in found:
        where = " > ".join(f"{name_en or name_ar} ({pcode})" for pcode, _lv, name_en, name_ar in m.chain)
        if m.pcode is None:
            where = "undecided between " + ", ".join(m.candidates)
        click.echo(f"{m.start}-{m.end}\t{m.text}\t{m.level or '-'}\t{where}\t[{m.rule}]")


def _jsonl(home_region: str | None) -> None:
    bad = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('each line must be an object with a string "text"')
            lang = item.get("lang")
            if lang not in (None, "ar", "en"):
                raise ValueError(f"lang must be 'ar', 'en' or null, not {lang!r}")
        except ValueError as exc:
            bad += 1
            click.echo(f"line {n}: {exc}", err=True)
            click.echo(json.dumps({"id": _id(line), "error": str(exc)}, ensure_ascii=False))
            continue
        found = _find(item["text"], lang, home_region)
        click.echo(json.dumps({"id": item.get("id"), "places": [m.as_dict() for m in found]}, ensure_ascii=False))
    if bad:
        raise SystemExit(1)


def _id(line: str):
    try:
        item = json.loads(line)
        return item.get("id") if isinstance(item, dict) else None
    except ValueError:
        return None


@places.command("find")
@click.argument("text", nargs=-1, required=True)
@click.option("--home-region", default=None)
def find_command(text, home_region):
    """Print the places in TEXT (the same as `chrono places TEXT`)."""
    _print(" ".join(text), home_region)


@places.command("load")
def load_command():
    """Load the gazetteer (regions and macro-regions) into the database; safe to repeat."""
    import time

    from chrono.places.load import load
    from chrono.store import db

    started = time.perf_counter()
    try:
        with db.connect() as conn:
            counts = load(conn)
    except db.DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    total = sum(counts.values())
    detail = ", ".join(f"{lv} {n}" for lv, n in sorted(counts.items()))
    click.echo(f"regions in the database: {total} ({detail}) in {time.perf_counter() - started:.1f} s")
