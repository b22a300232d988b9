"""Where the seed profiles are, for tests (``tests/`` is on sys.path under pytest)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "data" / "profiles"
SEED_IDS = ["ar-quilmes-2022", "cl-monte-patria-2024", "co-bucaramanga-2022", "co-medellin-2022", "pe-lima-2022"]
