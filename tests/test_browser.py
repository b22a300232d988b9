"""A real browser over the real server: headless Chromium (Debian's package) driven by Playwright.

Starts ``mgi-graph serve`` (uvicorn) on a free 127.0.0.1 port in a subprocess, opens the
home page, clicks through to Medellín's profile, checks its six domains and their findings,
opens a stored query and checks its table. Screenshots go to tests/artifacts/.

Skipped only when Chromium or Playwright is missing *and* CI is not set: in CI it must run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = os.environ.get("MGI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SERVE = "from mgi_graph.cli.serve import serve; serve()"

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

_missing = sync_playwright is None or not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM))
pytestmark = pytest.mark.skipif(
    _missing and not os.environ.get("CI"),
    reason=f"needs Playwright and Chromium at {CHROMIUM} (apt-get install chromium; pip install playwright)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(dist: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-c", SERVE, "--data", str(dist), "--port", str(port), "--query-workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(url + "/", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start within 60 s")


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Page]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        yield context
        browser.close()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_click_through_home_profile_and_query(server: str, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(server + "/")
    assert page.title().startswith("Migration Governance Indicators")
    assert page.locator("table.matrix td.heat").count() == 30
    _shot(page, "1-home")

    page.locator("table.data").get_by_role("link", name="District of Medellin").click()
    page.wait_for_url("**/profile/co-medellin-2022.html")
    domains = page.locator("section.domain")
    assert domains.count() == 6
    for index in range(6):
        assert domains.nth(index).locator("li.finding").count() > 0
    assert page.locator("li.finding").count() == 35
    assert page.locator("li.finding .badge.well-developed").count() > 0
    assert page.locator("li.finding .badge.potential").count() > 0
    assert page.locator('link[rel="alternate"][type="text/turtle"]').count() == 1
    _shot(page, "2-profile")

    page.get_by_role("link", name="Queries", exact=True).click()
    page.wait_for_url("**/queries")
    page.get_by_role("link", name="Findings per profile, domain and polarity (the comparison matrix)").click()
    page.wait_for_url("**/queries/overview")
    table = page.locator("table.results")
    assert table.locator("thead th").first.inner_text() == "profile_id"
    assert table.locator("tbody tr").count() == 30
    _shot(page, "3-query")

    page.goto(server + "/queries/gaps")
    page.select_option('select[name="domain"]', "crises")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url("**/queries/gaps?domain=crises")
    assert page.locator("table.results tbody tr").count() > 0
    _shot(page, "4-query-with-parameter")

    # Offline: every request the pages made stayed on this server.
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]
