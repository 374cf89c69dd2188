"""`chrono merge`: timeline entries (one happening, many reports)."""

from __future__ import annotations

import json

import click


@click.command("merge")
@click.option("--rebuild", is_flag=True, help="Empty the entries and cluster every event again, in storage order.")
@click.option("--split", "split_event", type=int, metavar="EVENT_ID",
              help="Take an event out of its entry and keep it apart (also in later rebuilds).")
@click.option("--show", "show_entry", type=int, metavar="ENTRY_ID", help="Print an entry and its members as JSON.")
def merge(rebuild, split_event, show_entry):
    """Timeline entries: counts, or --rebuild, --split EVENT_ID, --show ENTRY_ID."""
    from chrono.merge import entries
    from chrono.store import db
    from chrono.store.queries import get as q

    if sum(bool(x) for x in (rebuild, split_event, show_entry)) > 1:
        raise click.UsageError("give one of --rebuild, --split, --show")
    with db.connect(autocommit=True) as conn:
        if rebuild:
            stats = entries.rebuild(conn, progress=lambda last: click.echo(f"  … events up to id {last}", err=True))
            click.echo(f"{stats['events']} events in {stats['entries']} entries "
                       f"({stats['multi_source_entries']} reported by more than one source)")
        elif split_event:
            if conn.execute("SELECT 1 FROM events WHERE id = %s", (split_event,)).fetchone() is None:
                raise click.ClickException(f"no event {split_event}")
            entry = entries.split(conn, split_event)
            click.echo(f"event {split_event} is now alone in entry {entry}")
        elif show_entry:
            row = conn.execute(q("merge_entry"), {"id": show_entry}).fetchone()
            if row is None:
                raise click.ClickException(f"no entry {show_entry}")
            keys = ("id", "date_from", "date_to", "grain", "value", "edtf", "flags", "member_dates", "admin1",
                    "reports", "sources", "independent_sources", "stale")
            out = dict(zip(keys, row))
            out["members"] = [dict(zip(("event_id", "matched_event_id", "score", "reasons", "origin", "text",
                                        "date_from", "date_to", "grain", "source"), m))
                              for m in conn.execute(q("merge_entry_members"), {"id": show_entry})]
            click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        else:
            events, n_entries, members, multi, stale, queued = conn.execute(q("merge_counts")).fetchone()
            click.echo(f"{events} events, {members} in {n_entries} entries; {multi} entries with more than one "
                       f"source; {stale} stale; {events - members} events not yet clustered; {queued} articles "
                       "queued for clustering by the next ingest run")
