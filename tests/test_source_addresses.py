"""The web address a profile was copied from (issue #14 item 7): an optional ``sources.tsv``
beside the profiles, carried into the graph as the source text's ``dcterms:source`` and
linked from the profile page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from server_support import TestClient

from mgi_graph.cli import cli
from mgi_graph.errors import ProfileParseError
from mgi_graph.parse.addresses import read_addresses, source_addresses

PROFILES = Path(__file__).resolve().parents[1] / "data" / "profiles"
MEDELLIN = "https://www.migrationdataportal.org/overviews/mgi/colombia-district-of-medellin"
DCTERMS_SOURCE = "http://purl.org/dc/terms/source"


def test_the_seed_record_gives_medellins_address() -> None:
    assert read_addresses(PROFILES) == {"co-medellin-2022.txt": MEDELLIN}
    paths = sorted(PROFILES.glob("*.txt"))
    assert source_addresses(paths) == {PROFILES / "co-medellin-2022.txt": MEDELLIN}


def test_a_folder_without_a_record_has_no_addresses(tmp_path: Path) -> None:
    assert read_addresses(tmp_path) == {}


def test_the_graph_says_where_each_recorded_text_was_copied_from(store: pyoxigraph.Store) -> None:
    found = {(str(q.subject.value), str(q.object.value))
             for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(DCTERMS_SOURCE), None)
             if str(q.subject.value).endswith("/source")}
    assert found == {("https://w3id.org/mgi/profile/co-medellin-2022/source", MEDELLIN)}


def test_the_profile_page_links_to_the_original_where_its_address_is_known(client: TestClient) -> None:
    medellin = client.get("/profile/co-medellin-2022.html", params={"lang": "es"}).text
    assert f'href="{MEDELLIN}"' in medellin
    assert "Perfil original en el portal de la OIM" in medellin
    lima = client.get("/profile/pe-lima-2022.html").text
    assert "migrationdataportal.org/overviews" not in lima


@pytest.mark.parametrize(("line", "problem"), [
    ("co-medellin-2022.txt\tftp://example.org/x", "sources.tsv:2: the address 'ftp://example.org/x' is not an http(s) address"),
    ("co-medellin-2022.txt", "sources.tsv:2: expected 'file<TAB>address', found 1 field"),
    ("nowhere.txt\thttps://example.org/x", "sources.tsv:2: 'nowhere.txt' is not a profile of this folder"),
    ("co-medellin-2022.txt\thttps://example.org/a\nco-medellin-2022.txt\thttps://example.org/b",
     "sources.tsv:3: 'co-medellin-2022.txt' already has an address (line 2)"),
])
def test_a_bad_record_is_a_one_line_error_naming_the_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    shutil.copy(PROFILES / "co-medellin-2022.txt", tmp_path)
    (tmp_path / "sources.tsv").write_text(f"file\taddress\n{line}\n", encoding="utf-8")
    with pytest.raises(ProfileParseError) as raised:
        read_addresses(tmp_path)
    assert str(raised.value).endswith(problem)
    result = CliRunner().invoke(cli, ["build", "--profiles", str(tmp_path), "--out", str(tmp_path / "dist"), "--no-cache"])
    assert result.exit_code == 2
    assert problem in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
