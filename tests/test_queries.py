"""Stored queries: golden results on the seed graph, same rows on two engines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from query_support import GOLDEN_PARAMS, SNAPSHOTS, update_golden
from rdflib import Dataset, Literal, URIRef

from mgi_graph.cli import MgiGroup
from mgi_graph.cli.query import COMMANDS
from mgi_graph.errors import (
    QueryBindingError,
    QueryError,
    QuerySyntaxError,
    UnknownQueryError,
)
from mgi_graph.query.stored import (
    bind_query,
    load_queries,
    parse_stored_query,
    resolve_query,
)
from mgi_graph.query.results import ResultTable, format_table, run_local, run_rdflib
from mgi_graph.query.store import open_dataset

# rdflib 7.6's own SPARQL engine calls its deprecated Dataset API thousands of times.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

QUERIES = load_queries()
RUNNABLE = sorted(name for name, q in QUERIES.items() if not q.needs_internet)


@pytest.fixture(scope="session")
def dataset(dist: Path) -> Dataset:
    return open_dataset(dist)


def _run(store: pyoxigraph.Store, name: str) -> ResultTable:
    return run_local(store, bind_query(QUERIES[name], GOLDEN_PARAMS.get(name, {})))


def _golden_text(table: ResultTable) -> tuple[str, str]:
    if table.kind == "graph":
        lines = sorted(set(table.graph().serialize(format="nt").splitlines()) - {""})
        return "nt", "\n".join(lines) + "\n"
    return "json", format_table(table, "json")


# --- golden results --------------------------------------------------------------------


@pytest.mark.parametrize("name", RUNNABLE)
def test_query_matches_golden(name: str, dist: Path, store: pyoxigraph.Store) -> None:
    suffix, text = _golden_text(_run(store, name))
    path = SNAPSHOTS / f"{name}.{suffix}"
    if update_golden():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    assert path.is_file(), f"no golden {path.name}; run MGI_UPDATE_GOLDEN=1 pytest tests/test_queries.py"
    assert text == path.read_text("utf-8")


@pytest.mark.parametrize("name", RUNNABLE)
def test_query_gives_same_rows_on_rdflib(name: str, store: pyoxigraph.Store, dataset: Dataset) -> None:
    sparql = bind_query(QUERIES[name], GOLDEN_PARAMS.get(name, {}))
    local, reference = run_local(store, sparql), run_rdflib(dataset, sparql)
    assert local.kind == reference.kind
    assert local.columns == reference.columns
    if local.kind == "graph":
        assert set(local.triples) == set(reference.triples)
    else:
        assert local.rows == reference.rows  # ORDER BY is total: same order too


@pytest.mark.parametrize("name", ["overview", "gaps", "strengths", "profile", "domain-labels", "profiles", "statistics", "compare", "search",
                                  "institutions", "identifiers"])
def test_core_queries_have_rows(name: str, store: pyoxigraph.Store) -> None:
    assert _run(store, name).rows


def test_overview_has_six_domains_per_profile(store: pyoxigraph.Store) -> None:
    table = _run(store, "overview")
    profiles = {row[0] for row in table.rows}
    assert len(table.rows) == 6 * len(profiles)


def test_search_ignores_case_and_accents(store: pyoxigraph.Store) -> None:
    search = QUERIES["search"]
    rows = [run_local(store, bind_query(search, {"text": text})).rows for text in ("migracion", "MIGRACIÓN", "Migración")]
    assert rows[0] and rows[0] == rows[1] == rows[2]


def test_bound_text_cannot_escape_its_literal(store: pyoxigraph.Store) -> None:
    hostile = '"} } ; DROP ALL # \\ \n <x> ?_text'
    table = run_local(store, bind_query(QUERIES["search"], {"text": hostile}))
    assert table.kind == "select" and table.rows == ()


def test_every_select_orders_its_rows() -> None:
    for query in QUERIES.values():
        if query.kind == "select":
            assert "ORDER BY" in query.text, query.name


def test_every_query_has_a_summary_and_tags() -> None:
    assert len(QUERIES) >= 13
    for query in QUERIES.values():
        assert query.summary and query.tags, query.name
    assert {"federated", "needs-internet"} <= set(QUERIES["federated-population"].tags)


# --- queries over institutions, places and gaps, on a small hand-written graph ----------

SAMPLE = """
@prefix mgi: <https://w3id.org/mgi/ontology#> . @prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix b: <https://w3id.org/mgi/> .
b:graph\\/vocabulary {
  b:domain\\/crises skos:inScheme b:domain ; skos:notation "5" ; skos:prefLabel "Crises"@en .
  b:domain\\/partnerships skos:inScheme b:domain ; skos:notation "3" ; skos:prefLabel "Partnerships"@en .
}
b:graph\\/xx-a-2020 {
  b:profile\\/xx-a-2020 a mgi:Profile ; dcterms:identifier "xx-a-2020" ; schema:hasPart b:f1, b:f2 .
  b:f1 schema:isPartOf b:profile\\/xx-a-2020 ; mgi:domain b:domain\\/crises ;
       mgi:polarity b:polarity\\/potential ; schema:mentions b:org1, b:org2 .
  b:f2 schema:isPartOf b:profile\\/xx-a-2020 ; mgi:domain b:domain\\/partnerships ;
       mgi:polarity b:polarity\\/well-developed ; schema:mentions b:org1 .
  b:org1 a org:Organization ; skos:prefLabel "Mayor's Office"@en ; org:classification b:kind\\/institution\\/government .
  b:org2 a org:Organization ; skos:prefLabel "IOM"@en ; org:classification b:kind\\/institution\\/international .
}
b:graph\\/links {
  b:country\\/xx a schema:Country ; skos:prefLabel "Xland"@en ; mgi:iso3166Alpha2 "XX" ;
      skos:exactMatch <http://www.wikidata.org/entity/Q1>, <https://sws.geonames.org/1/> .
  b:place\\/xx\\/a a schema:City ; skos:prefLabel "A"@en ; schema:containedInPlace b:country\\/xx .
}
"""


@pytest.fixture(scope="module")
def sample() -> tuple[pyoxigraph.Store, Dataset]:
    store = pyoxigraph.Store()
    store.load(SAMPLE, pyoxigraph.RdfFormat.TRIG)
    dataset = Dataset(default_union=True)
    dataset.parse(data=SAMPLE, format="trig")
    return store, dataset


@pytest.mark.parametrize(("name", "values", "expected"), [
    ("institutions", {"profile": "xx-a-2020"}, [("xx-a-2020", "Mayor's Office", "government", "2"), ("xx-a-2020", "IOM", "international", "1")]),
    ("institutions", {}, [("xx-a-2020", "Mayor's Office", "government", "2"), ("xx-a-2020", "IOM", "international", "1")]),
    ("missing-strengths", {}, [("xx-a-2020", "5", "Crises", "1")]),
    ("identifiers", {}, [("city", "https://w3id.org/mgi/place/xx/a", "A"), ("country", "https://w3id.org/mgi/country/xx", "Xland")]),
])
def test_query_on_sample_graph(name: str, values: dict[str, str], expected: list[tuple[str, ...]],
                               sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    sparql = bind_query(QUERIES[name], values)
    local, reference = run_local(sample[0], sparql), run_rdflib(sample[1], sparql)
    assert local.rows == reference.rows
    wanted = {"institutions": ("profile_id", "label", "kind", "mentions"),
              "missing-strengths": ("profile_id", "domain_notation", "domain_label", "potential"),
              "identifiers": ("type", "entity", "label")}[name]
    got = [tuple(str(record[c]) for c in wanted) for record in local.records()]
    assert got == expected


def test_identifiers_gives_codes_and_links(sample: tuple[pyoxigraph.Store, Dataset]) -> None:
    country = run_local(sample[0], bind_query(QUERIES["identifiers"], {})).records()[1]
    assert country["iso2"] == Literal("XX")
    assert country["wikidata"] == URIRef("http://www.wikidata.org/entity/Q1")
    assert country["geonames"] == URIRef("https://sws.geonames.org/1/")


# --- headers, parameters and errors -------------------------------------------------------


def _query(tmp_path: Path, text: str, name: str = "broken") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, "utf-8")
    return path


def test_params_come_from_header_and_variables() -> None:
    gaps = QUERIES["gaps"].param("domain")
    assert gaps is not None and gaps.required and len(gaps.allowed) == 6
    optional = QUERIES["institutions"].param("profile")
    assert optional is not None and not optional.required


def test_unknown_query_suggests_close_names() -> None:
    with pytest.raises(UnknownQueryError, match="did you mean.*gaps"):
        resolve_query("gap")


def test_query_file_by_path(tmp_path: Path) -> None:
    path = _query(tmp_path, "#+ summary: x\n#+ defaults:\n#+   - n: 3\nSELECT ?x WHERE { BIND(?_n_integer AS ?x) } ORDER BY ?x\n", "mine")
    query = resolve_query(str(path))
    assert query.name == "mine" and query.param("n") is not None
    assert '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' in bind_query(query, {})
    with pytest.raises(QueryBindingError, match="'n' must be an integer"):
        bind_query(query, {"n": "3; DROP"})


@pytest.mark.parametrize(("values", "message"), [
    ({}, "needs parameter 'domain'.*crises"),
    ({"domain": "health"}, "'health' is not a valid value of parameter 'domain'"),
    ({"domain": "crises", "lang": "en"}, "no parameter 'lang'"),
])
def test_binding_errors_name_the_parameter(values: dict[str, str], message: str) -> None:
    with pytest.raises(QueryBindingError, match=message):
        bind_query(QUERIES["gaps"], values)


@pytest.mark.parametrize(("text", "message"), [
    ("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n", r"broken\.rq:1: broken '#\+' header"),
    ("#+ sumary: typo\nSELECT * WHERE { ?s ?p ?o }\n", "unknown header key 'sumary'"),
    ("#+ enumerate:\n#+   - x:\n#+     - a\nSELECT * WHERE { ?s ?p ?o }\n", "names 'x', which is not a parameter"),
    ("SELECT * WHERE { ?s ?p ?_v_date }\n", "unknown type 'date'"),
    ("#+ summary: ok\nSELECT * WHERE { ?s ?p }\n", r"broken\.rq: not a valid SPARQL query"),
])
def test_broken_query_file_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        resolve_query(str(_query(tmp_path, text)))


def test_placeholders_in_strings_and_comments_are_not_params() -> None:
    query = parse_stored_query('# ?_x\nSELECT ?s WHERE { ?s ?p "?_y" ; <urn:?_z> ?_w } ORDER BY ?s\n', name="q", path="q.rq")
    assert [p.name for p in query.params] == ["w"]


# --- formats ------------------------------------------------------------------------------

TABLE = ResultTable(kind="select", columns=("a", "b"), rows=(
    (URIRef("https://w3id.org/mgi/x"), Literal('say "hi", then\ngo', lang="en")),
    (Literal(3), None),
))


def test_csv_follows_sparql_csv() -> None:
    assert format_table(TABLE, "csv") == 'a,b\r\nhttps://w3id.org/mgi/x,"say ""hi"", then\ngo"\r\n3,\r\n'


def test_tsv_follows_sparql_tsv() -> None:
    assert format_table(TABLE, "tsv") == (
        '?a\t?b\n<https://w3id.org/mgi/x>\t"say \\"hi\\", then\\ngo"@en\n'
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>\t\n'
    )


def test_json_follows_sparql_json() -> None:
    document = json.loads(format_table(TABLE, "json"))
    assert document["head"]["vars"] == ["a", "b"]
    assert document["results"]["bindings"][1] == {
        "a": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    }


def test_construct_formats(store: pyoxigraph.Store) -> None:
    table = _run(store, "export-profile")
    assert table.kind == "graph" and table.triples
    assert "@prefix mgi:" in format_table(table, "ttl")
    assert json.loads(format_table(table, "jsonld"))
    with pytest.raises(QueryError, match="does not fit"):
        format_table(table, "csv")


# --- command line -------------------------------------------------------------------------


def _cli() -> MgiGroup:
    group = MgiGroup(name="mgi-graph")
    for command in COMMANDS:
        group.add_command(command)
    return group


def test_cli_lists_queries() -> None:
    result = CliRunner().invoke(_cli(), ["queries"])
    assert result.exit_code == 0
    assert all(name in result.output for name in QUERIES)
    assert "domain (migrants-rights|" in result.output


def test_cli_runs_a_query(dist: Path) -> None:
    result = CliRunner().invoke(_cli(), ["query", "gaps", "-p", "domain=crises", "--format", "csv", "--data", str(dist)])
    assert result.exit_code == 0, result.output
    # stdout_bytes: Result.output turns CRLF (what SPARQL CSV prescribes) into LF
    assert result.stdout_bytes.startswith(b"profile_id,entity,position,finding,text\r\n")


@pytest.mark.parametrize(("args", "message"), [
    (["query", "gapz"], "unknown query 'gapz'; did you mean gaps"),
    (["query", "gaps", "-p", "domain=health"], "'health' is not a valid value of parameter 'domain'"),
    (["query", "overview", "--data", "/nonexistent"], "mgi.nq.gz: not found"),
])
def test_cli_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(_cli(), args)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
