"""``mgi-graph link``: propose Wikidata items for entities without a curated QID."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mgi_graph.defaults import DEFAULT_BASE, USER_AGENT, WIKIDATA_ENDPOINT

if TYPE_CHECKING:
    from mgi_graph.publish.link import Candidate

DEFAULT_PROFILES = Path("data/profiles")
LINKS_FILE = "wikidata.sssom.tsv"


@click.command()
@click.option("--endpoint", default=WIKIDATA_ENDPOINT, show_default=True,
              help="SPARQL query URL of Wikidata or of a store shaped like it.")
@click.option("--write", is_flag=True,
              help=f"Append the candidates to LINKS/{LINKS_FILE} (rows already there are skipped).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="With --write, append only candidates at least this confident.")
@click.option("--profiles", "profile_dir", type=click.Path(path_type=Path), default=DEFAULT_PROFILES,
              show_default=True, help="Folder of profile pages (*.txt).")
@click.option("--links", "links_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              show_default="the curated links of mgi-graph (data/links)",
              help="Folder of SSSOM mapping files (*.sssom.tsv).")
@click.option("--min-interval", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds to wait at least between two requests.")
@click.option("--timeout", type=click.FloatRange(1), default=30.0, show_default=True,
              help="Seconds to wait for one answer.")
@click.option("--user-agent", default=USER_AGENT, show_default=True,
              help="User-Agent header; Wikimedia asks for a way to contact you.")
def link(endpoint: str, write: bool, min_confidence: float, profile_dir: Path, links_dir: Path | None,
         min_interval: float, timeout: float, user_agent: str) -> None:
    """Find Wikidata candidates for countries, places and divisions with no curated QID.

    Prints one row per candidate: entity, QID, label, confidence, method. Nothing
    is curated until a person reviews the rows --write appends.
    """
    # Imported here: `mgi-graph --help` must not pay for the pipeline and SPARQLWrapper.
    from mgi_graph.iris import Iris
    from mgi_graph.publish.link import LinkSettings, entities_for, find_candidates, unlinked, write_candidates
    from mgi_graph.pipeline import find_profiles, load_profiles
    from mgi_graph.locator.sssom import curated_links, read_mapping_sets, wikidata_ids

    links_dir = curated_links() if links_dir is None else links_dir
    entries = load_profiles(find_profiles(profile_dir))
    known = wikidata_ids(read_mapping_sets(links_dir))
    iris = Iris(DEFAULT_BASE)
    found = [e for x in entries for e in entities_for(x.country, x.place, iris, x.profile.level)]
    entities = unlinked(found, map(str, known))
    click.echo(f"asking {endpoint} about {len(entities)} entities without a curated Wikidata id", err=True)
    settings = LinkSettings(endpoint=endpoint, user_agent=user_agent, min_interval=min_interval, timeout=timeout)
    candidates = find_candidates(entities, endpoint, settings=settings)
    _print_table(candidates)
    if write:
        accepted = [c for c in candidates if c.confidence >= min_confidence]
        added = write_candidates(links_dir / LINKS_FILE, accepted)
        click.echo(f"appended {added} mapping(s) to {links_dir / LINKS_FILE}", err=True)


def _print_table(candidates: list[Candidate]) -> None:
    rows = [("entity", "candidate", "label", "confidence", "method")]
    rows += [(_path(c.entity.iri), c.qid, c.label, f"{c.confidence:.2f}", c.method) for c in candidates]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    if not candidates:
        click.echo("no candidates found", err=True)


def _path(iri: str) -> str:
    from mgi_graph.iris import Iris  # here: `mgi-graph --help` must not pay for rdflib

    return Iris(DEFAULT_BASE).path(iri) or iri


COMMANDS = [link]
