"""The profile cache: a cached build writes the same bytes as a clean one, and a rebuild
after one profile changed loads that profile alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from seeds import PROFILES

from rdflib import URIRef

from mgi_graph import pipeline
from mgi_graph.dump.jsonld import JsonLdWriter
from mgi_graph.errors import ProfileParseError, ProfilesError
from mgi_graph.locator.gazetteer import find_places
from mgi_graph.iris import Iris
from mgi_graph.pipeline import find_profiles, run_build


@pytest.fixture()
def profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    find_places("Lima")  # the place index stays the machine's; only the profile cache starts empty
    monkeypatch.setenv("MGI_GRAPH_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    loaded: list[Path] = []
    real = pipeline.load_profile

    def counting(path: Path, wikidata: object = None) -> object:
        loaded.append(path)
        return real(path, wikidata)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_profile", counting)
    return loaded


def test_cached_build_writes_the_bytes_of_a_clean_build(profiles: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = find_profiles(profiles)
    run_build(paths, tmp_path / "first", iris=Iris())
    loaded = _count_loads(monkeypatch)
    run_build(paths, tmp_path / "cached", iris=Iris())
    assert loaded == []
    run_build(paths, tmp_path / "clean", iris=Iris(), cache=False)
    assert len(loaded) == len(paths)
    assert _files(tmp_path / "cached") == _files(tmp_path / "clean") == _files(tmp_path / "first")


def test_rebuild_after_one_profile_changed_loads_that_one_only(profiles: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    paths = find_profiles(profiles)
    run_build(paths, tmp_path / "before", iris=Iris())
    changed = profiles / "pe-lima-2022.txt"
    changed.write_text(changed.read_text("utf-8").replace("Lima", "Lima ", 1), "utf-8")
    loaded = _count_loads(monkeypatch)
    summary = run_build(paths, tmp_path / "after", iris=Iris())
    assert loaded == [changed]
    assert summary.profiles == len(paths)
    clean = run_build(paths, tmp_path / "clean", iris=Iris(), cache=False)
    assert _files(tmp_path / "after") == _files(clean.out_dir)


def test_rebuild_after_one_profile_changed_writes_that_profiles_files_only(
        profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = find_profiles(profiles)
    run_build(paths, tmp_path / "before", iris=Iris())
    changed = profiles / "pe-lima-2022.txt"
    changed.write_text(changed.read_text("utf-8").replace("Lima", "Lima ", 1), "utf-8")
    roots: list[str] = []
    real = JsonLdWriter.document

    def counting(writer: JsonLdWriter, root: URIRef) -> dict[str, object]:
        roots.append(str(root))
        return real(writer, root)

    monkeypatch.setattr(JsonLdWriter, "document", counting)
    after = run_build(paths, tmp_path / "after", iris=Iris())
    assert sorted(roots) == [str(Iris().dataset()), str(Iris().profile("pe-lima-2022"))]
    # Every profile names the new build; the files read back from the cache name it too.
    clean = run_build(paths, tmp_path / "clean", iris=Iris(), cache=False)
    assert _files(after.out_dir) == _files(clean.out_dir)
    unchanged = "profiles/co-medellin-2022.jsonld"
    assert _files(after.out_dir)[unchanged] != _files(tmp_path / "before")[unchanged]
    assert len(roots) == 2 + 1 + len(paths)


def test_a_pool_of_processes_loads_the_same_profiles_in_the_same_order(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = find_profiles(PROFILES)
    serial = pipeline.load_profiles(paths)
    monkeypatch.setattr(pipeline, "POOL_MIN_PROFILES", 2)
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda _pid: {0, 1})
    assert pipeline.load_profiles(paths) == serial


def test_a_profile_a_worker_cannot_parse_is_reported_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    (folder / "zz-empty.txt").write_text("", "utf-8")
    monkeypatch.setattr(pipeline, "POOL_MIN_PROFILES", 2)
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda _pid: {0, 1})
    with pytest.raises(ProfileParseError, match="zz-empty.txt"):
        pipeline.load_profiles(find_profiles(folder))


def test_every_profile_the_workers_cannot_load_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    (folder / "zz-empty.txt").write_text("", "utf-8")
    (folder / "zz-blank.txt").write_text("\n\n", "utf-8")
    monkeypatch.setattr(pipeline, "POOL_MIN_PROFILES", 2)
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda _pid: {0, 1})
    with pytest.raises(ProfilesError) as raised:
        pipeline.load_profiles(find_profiles(folder))
    assert "zz-empty.txt" in str(raised.value) and "zz-blank.txt" in str(raised.value)
