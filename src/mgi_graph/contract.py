"""Model -> the JSON of ``mgi-graph parse`` (DESIGN §3)."""

from __future__ import annotations

from typing import Any

from mgi_graph.model import Finding, Located


def profile_json(located: Located) -> dict[str, Any]:
    profile = located.profile
    return {
        "id": profile.id,
        "source": profile.source,
        "sha256": profile.sha256,
        "title": profile.title,
        "entity": profile.entity,
        "level": profile.level,
        "place": profile.place,
        "country": profile.country,
        "country_inferred": profile.country_inferred,
        "published": profile.published,
        "language": profile.language,
        "page_language": profile.chrome_language,
        "findings": [_finding_json(f) for f in profile.findings],
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "position": finding.position,
        "domain": finding.domain,
        "polarity": finding.polarity,
        "text": finding.text,
        "line": finding.line,
        "institutions": [
            {"surface": i.surface, "name": i.name, "kind": i.kind, "scope": i.scope, "parent": i.parent}
            for i in finding.institutions
        ],
        "instruments": [{"surface": i.surface, "kind": i.kind, "year": i.year} for i in finding.instruments],
    }
