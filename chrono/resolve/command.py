"""`chrono resolve`: resolve the dates in a text (or in JSON lines on stdin) against an anchor."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import click

from chrono.resolve.engine import resolve as resolve_text


def _parse_anchor(value: str) -> datetime:
    try:
        anchor = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"anchor {value!r} is not an ISO 8601 timestamp") from exc
    if anchor.tzinfo is None:
        raise ValueError(f"anchor {value!r} has no UTC offset")
    return anchor


def _anchor_option(ctx, param, value):
    if value is None:
        return None
    try:
        return _parse_anchor(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _render(m) -> str:
    dates = "" if m.date_from is None else (
        f"{m.date_from}" if m.date_from == m.date_to else f"{m.date_from} … {m.date_to}")
    flags = f"  [{', '.join(m.flags)}]" if m.flags else ""
    head = f"{m.span[0]:>5}-{m.span[1]:<5} {m.text}"
    body = f"{m.kind:<8} {dates:<24} {m.grain or '':<12} {m.value or ''}{flags}"
    return f"{head}\n      {body}\n      {m.rule}: {m.explanation}"


def _jsonl(stdin, stdout, stderr, default_lang: str | None) -> int:
    failures = 0
    for lineno, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        doc_id = None
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict):
                raise ValueError("a line must hold a JSON object")
            doc_id = doc.get("id")
            text = doc.get("text")
            if not isinstance(text, str):
                raise ValueError("'text' must be a string")
            if not doc.get("anchor"):
                raise ValueError("'anchor' is required")
            anchor = _parse_anchor(str(doc["anchor"]))
            lang = doc.get("lang") or default_lang
            if lang not in (None, "ar", "en"):
                lang = None
            mentions = [m.to_json() for m in resolve_text(text, anchor=anchor, lang=lang)]
            stdout.write(json.dumps({"id": doc_id, "mentions": mentions}, ensure_ascii=False) + "\n")
        except Exception as exc:  # one bad line must not stop the run
            failures += 1
            stdout.write(json.dumps({"id": doc_id, "mentions": [], "error": f"line {lineno}: {exc}"}, ensure_ascii=False) + "\n")
            stderr.write(f"chrono resolve: line {lineno}: {exc}\n")
    stdout.flush()
    return failures


@click.command("resolve")
@click.argument("text", required=False)
@click.option("--anchor", callback=_anchor_option, help="publication time, ISO 8601 with offset (required for TEXT)")
@click.option("--lang", type=click.Choice(["ar", "en"]), default=None, help="language (default: detected from the script)")
@click.option("--json", "as_json", is_flag=True, help="print the mentions as JSON")
@click.option("--jsonl", is_flag=True, help='read {"id","lang","text","anchor"} lines on stdin, write {"id","mentions"} lines')
def resolve(text, anchor, lang, as_json, jsonl):
    """Resolve the dates in TEXT against the publication time --anchor."""
    if jsonl:
        if text:
            raise click.UsageError("--jsonl reads stdin; give no TEXT")
        _jsonl(sys.stdin, sys.stdout, sys.stderr, lang)
        return
    if text is None:
        raise click.UsageError("give TEXT (or --jsonl to read JSON lines on stdin)")
    if anchor is None:
        raise click.UsageError("--anchor is required: dates are resolved against the publication time, never 'now'")
    mentions = resolve_text(text, anchor=anchor, lang=lang)
    if as_json:
        click.echo(json.dumps([m.to_json() for m in mentions], ensure_ascii=False, indent=2))
        return
    if not mentions:
        click.echo("no temporal expressions found")
    for m in mentions:
        click.echo(_render(m))
