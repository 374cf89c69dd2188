"""The scheduled worker's database session yields with the worker (chrono.store.db.share_niceness)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = """
import json, os, sys
import psycopg
from chrono.store import db
os.nice(int(sys.argv[2]))
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    pid = conn.info.backend_pid
    before = os.getpriority(os.PRIO_PROCESS, pid)
    shared = db.share_niceness(conn)
    after = os.getpriority(os.PRIO_PROCESS, pid)
    uid = next(int(line.split()[1]) for line in open(f"/proc/{pid}/status") if line.startswith("Uid:"))
    print(json.dumps({"shared": shared, "before": before, "after": after, "backend_uid": uid}))
"""


def _child(database_url: str, niceness: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, database_url, str(niceness)], capture_output=True,
                         text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def test_a_niced_process_lowers_its_backend(database_url):
    seen = _child(database_url, 7)
    assert seen["before"] == 0
    if os.geteuid() == 0 or os.geteuid() == seen["backend_uid"]:
        assert seen["shared"] is True and seen["after"] == 7
    else:  # another user's server process, without the right to change it: said, and left alone
        assert seen["shared"] is False and seen["after"] == 0


def test_a_process_at_normal_priority_leaves_its_backend(database_url):
    seen = _child(database_url, 0)
    assert seen == dict(seen, shared=False, before=0, after=0)
