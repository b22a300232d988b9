"""Shared by test_queries.py and test_push.py: a built ``dist/`` of the seed profiles.

The seeds are built by conftest's ``dist`` fixture (the real pipeline). If that
build fails (work in progress elsewhere), a graph of the same shape is made from
the hand-checked gold readings (``tests/gold``) through ``build_dataset`` and
``write_dumps``, so the cross-engine and error tests still run; goldens are then skipped.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

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
    """``MGI_UPDATE_GOLDEN=1`` rewrites golden files (until conftest wires ``--update-golden``)."""
    return os.environ.get("MGI_UPDATE_GOLDEN") == "1"


def seed_dist(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SeedBuild:
    """The seed build from conftest's ``dist`` fixture, or the gold fallback when it fails.

    Golden files describe the real build only; on the fallback they are skipped
    (the cross-engine and error tests still run).
    """
    try:
        return SeedBuild(request.getfixturevalue("dist"), None)
    except Exception as error:  # the build is someone else's work in progress
        reason = f"seed build failed ({type(error).__name__}: {str(error)[:160]})"
        return SeedBuild(build_from_gold(tmp_path_factory.mktemp("gold") / "dist"), reason)


@dataclass(frozen=True)
class SeedBuild:
    path: Path
    fallback: str | None


def _full_text(source: str, start: str) -> str:
    """The whole finding line of the seed page that starts with the gold's first 60 characters."""
    for line in source.splitlines():
        cleaned = line.strip().lstrip("•-").strip()
        if cleaned.startswith(start):
            return cleaned
    return start


def build_from_gold(out_dir: Path) -> Path:
    from mgi_graph.dump import write_dumps
    from mgi_graph.graph import Iris, build_dataset
    from mgi_graph.model import CountryRecord, Finding, Located, PlaceRecord, Profile

    entries = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        meta = gold["profile"]
        page = (SEEDS / f"{path.stem}.txt").read_text("utf-8")
        findings = tuple(
            Finding(position=f["position"], domain=f["domain"], polarity=f["polarity"],
                    text=_full_text(page, f["text_start"]))
            for f in gold["findings"]
        )
        title = meta["title"]
        chrome = "en" if title is None or title.startswith("Migration") else meta["language"]
        profile = Profile(
            source=f"data/profiles/{path.stem}.txt", sha256="0" * 64, title=title,
            entity=meta["entity"], level=meta["level"], place=meta["place"],
            published=meta["published"], language=meta["language"], chrome_language=chrome,
            findings=findings, country=meta["iso2"], country_name=meta["country"],
            country_inferred=not meta["country_stated"],
        )
        country = CountryRecord(iso2=meta["iso2"], iso3="XXX", numeric="000", m49="000")
        entries.append(Located(profile=profile, country=country,
                               place=PlaceRecord(name=meta["place"], country=meta["iso2"])))
    iris = Iris()
    dataset = build_dataset(entries, iris=iris)
    write_dumps(dataset, out_dir, iris=iris, profile_ids=[e.profile.id for e in entries])
    return out_dir
