"""Shared by test_queries.py and test_push.py: golden files and the parameters of their runs.

The seed graph itself comes from conftest's ``dist`` fixture (the real pipeline).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "profiles"
GOLD = ROOT / "tests" / "gold"
SNAPSHOTS = ROOT / "tests" / "__snapshots__" / "queries"

# Parameters the golden run of each stored query uses.
GOLDEN_PARAMS: dict[str, dict[str, str]] = {
    "gaps": {"domain": "crises"},
    "strengths": {"domain": "migrants-rights"},
    "profile": {"profile": "co-medellin-2022"},
    "search": {"text": "migracion"},
    "compare": {"a": "co-medellin-2022", "b": "co-bucaramanga-2022"},
    "institutions": {"profile": "co-medellin-2022"},
    "export-profile": {"profile": "pe-lima-2022"},
}


def update_golden() -> bool:
    """``pytest --update-golden`` (conftest sets ``MGI_UPDATE_GOLDEN=1``) rewrites golden files."""
    return os.environ.get("MGI_UPDATE_GOLDEN") == "1"
