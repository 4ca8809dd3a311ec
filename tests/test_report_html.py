"""The HTML report in headless Chromium: it renders, logs no error and asks for nothing
from the network. Skipped only where Chromium is missing off CI; on CI it must run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from staffopt.report import write_report

REGION = Path(__file__).parent / "data" / "report" / "region"
# Chromium's own background requests, which the flags below do not all stop.
BROWSER_HOSTS = ("google.com", "gvt1.com", "googleapis.com", "gstatic.com")
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--enable-logging=stderr", "--v=0",
)


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed")
    return found


def browse(page: Path, tmp: Path) -> tuple[list[str], list[str], Path]:
    """Open ``page``: (the page's requests other than file:// ones, console lines, shot)."""
    net, shot = tmp / "net.json", tmp / "shot.png"
    run = subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={tmp / 'profile'}", "--window-size=1280,1600",
         f"--log-net-log={net}", f"--screenshot={shot}", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr
    urls = set(re.findall(r'"url":\s*"([^"]+)"', net.read_text(encoding="utf-8")))
    asked = sorted(u for u in urls if not u.startswith(("file://", "data:"))
                   and not any(h in u.split("/")[2] for h in BROWSER_HOSTS))
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    return asked, console, shot


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    write_report(REGION, None, out)
    return out


def test_renders_offline(report_page: Path, tmp_path: Path) -> None:
    asked, console, shot = browse(report_page, tmp_path)
    assert asked == [] and console == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_a_request_is_seen(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    asked, _, _ = browse(page, tmp_path)
    assert asked == ["http://127.0.0.1:9/x.png"]


def test_self_contained(report_page: Path) -> None:
    text = report_page.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text
    for section in ("Freed against uncovered hours", "Coverage", "Roster", "Shortages"):
        assert section in text
    assert text.count("<svg") > 5


def test_folder_when_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from staffopt.report import html

    monkeypatch.setattr(html, "MAX_BYTES", 1000)
    written = write_report(REGION, None, tmp_path / "r.html")
    assert [p.name for p in written] == ["r.html", "DC-0004.html", "DC-0012.html", "T-FIX.html"]
    assert 'href="r-branches/T-FIX.html"' in written[0].read_text(encoding="utf-8")
    assert 'href="../r.html"' in (tmp_path / "r-branches" / "T-FIX.html").read_text("utf-8")
    asked, console, _ = browse(tmp_path / "r-branches" / "T-FIX.html", tmp_path)
    assert asked == [] and console == []
