"""Commands of the build: parse, build, validate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mgi_graph.cli.common import base_option
from mgi_graph.errors import ValidationFailedError
from mgi_graph.validate import DEFAULT_ENGINE, ENGINES, Engine, ValidationReport, load_shapes, validate_graph

# The commands import the pipeline when they run: `mgi-graph --help` must not pay for
# rdflib, the gazetteer and the SHACL engines.

DEFAULT_PROFILES = Path("data/profiles")
DEFAULT_OUT = Path("dist")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "summary"]), default="json", show_default=True,
              help="json: the parse contract (one object, or an array for several paths); summary: a line each.")
def parse(paths: tuple[Path, ...], fmt: str) -> None:
    """Parse profile pages (files or folders of *.txt) and print what was read."""
    from mgi_graph.contract import profile_json
    from mgi_graph.pipeline import find_profiles, load_profiles

    files = [p for path in paths for p in (find_profiles(path) if path.is_dir() else [path])]
    entries = load_profiles(files)
    if fmt == "summary":
        for located in entries:
            p = located.profile
            inferred = " (inferred)" if p.country_inferred else ""
            click.echo(f"{p.id}\t{p.entity}\t{p.country}{inferred}\t{p.published}\t{p.language}\t"
                       f"{len(p.findings)} findings")
        return
    documents = [profile_json(e) for e in entries]
    output = documents[0] if len(documents) == 1 and len(paths) == 1 and not paths[0].is_dir() else documents
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))


@click.command()
@click.option("--profiles", "profile_dir", type=click.Path(path_type=Path), default=DEFAULT_PROFILES,
              show_default=True, help="Folder of profile pages (*.txt).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder the dumps are written to, replaced whole on success; it must be absent, "
                   "empty or an earlier build's.")
@click.option("--links", "links_dir", type=click.Path(path_type=Path), default=None,
              show_default="the curated links of mgi-graph (data/links)",
              help="Folder of curated SSSOM mappings (*.sssom.tsv) to Wikidata.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Build every profile afresh, not unchanged ones from the profile cache (same output).")
@base_option
def build(profile_dir: Path, out_dir: Path, links_dir: Path | None, no_cache: bool, base: str) -> None:
    """Parse every profile, build and validate the graph, and write the dumps."""
    from tqdm import tqdm

    from mgi_graph.iris import Iris
    from mgi_graph.pipeline import find_profiles, run_build

    _check_links(links_dir)
    paths = find_profiles(profile_dir)
    try:
        with tqdm(total=len(paths), desc="parsing", unit="profile", leave=False, disable=None) as bar:
            summary = run_build(paths, out_dir, iris=Iris(base), progress=lambda _path: bar.update(),
                                links_dir=links_dir, cache=not no_cache)
    except ValidationFailedError as error:
        # Non-conformance is exit 1 with the report on stdout (STYLE §4), not a user error.
        assert isinstance(error.report, ValidationReport)
        _print_report(error.report)
        raise SystemExit(1) from error
    for warning in summary.report.warnings:
        click.echo(f"warning: {warning.focus}: {warning.message}", err=True)
    click.echo(
        f"built {summary.profiles} profiles, {summary.findings} findings, {summary.triples:,} triples "
        f"in {summary.seconds:.2f} s -> {summary.out_dir}"
    )


def _check_links(links_dir: Path | None) -> None:
    if links_dir is not None and not links_dir.is_dir():
        raise click.BadParameter(f"{links_dir}: not a folder", param_hint="--links")


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE, show_default=True,
              help="SHACL engine: shacl (Rust, fast) or pyshacl (the reference; same report, slower).")
@base_option
def validate(file: Path | None, engine: Engine, base: str) -> None:
    """Validate a graph file (default: dist/mgi.nq.gz) against the shapes; exit 1 if it does not conform."""
    from mgi_graph.graphfile import read_graph
    from mgi_graph.iris import Iris

    iris = Iris(base)
    path = file or DEFAULT_OUT / "mgi.nq.gz"
    report = validate_graph(read_graph(path, iris), load_shapes(iris), engine=engine)
    _print_report(report)
    if not report.conforms:
        raise SystemExit(1)


def _print_report(report: ValidationReport) -> None:
    for result in report.results:
        click.echo(f"{result.severity}: {result.focus}")
        if result.path:
            click.echo(f"    path: {result.path}")
        click.echo(f"    {result.message}")
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)")


COMMANDS = [parse, build, validate]
