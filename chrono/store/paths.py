"""Where the project's non-Python files (sql/, alembic/) live."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding `sql/` and `alembic.ini`: the source checkout, or CHRONO_ROOT when set."""
    if os.environ.get("CHRONO_ROOT"):
        return Path(os.environ["CHRONO_ROOT"])
    here = Path(__file__).resolve().parents[2]
    if (here / "alembic.ini").exists():
        return here
    return Path.cwd()
