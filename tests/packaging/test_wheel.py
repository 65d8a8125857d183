"""The wheel stands on its own: built from the sources, installed in a fresh virtual environment
outside the repository, it migrates, runs the demo and serves the web UI from an empty folder, with
everything it reads at run time inside the installed package (templates, static files, catalogs,
migrations, tenant presets, official artefacts).

Heavy (``make check``): the build fetches setuptools from the package index. The environment reuses
the project's installed dependencies (its site-packages on the path) so nothing else is downloaded;
the project itself is only reachable through the wheel. Written against the distribution and its
``partage`` console script, never a module name, so it holds after the import packages are renamed.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "wheel-test-password"
pytestmark = pytest.mark.heavy


def _run(args: list, cwd: Path, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def _source_copy(target: Path) -> Path:
    """The files a clone has (tracked and new, not ignored): no .venv, var, build or ../shared."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_symlink():   # partage/core -> ../core: the one import package, as in a clone
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), target / name)
        elif source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = _source_copy(tmp_path_factory.mktemp("clone"))
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", out,
          source], cwd=source, env=dict(os.environ))
    (found,) = out.glob("partage-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel; the project's dependencies come from this environment's
    site-packages (a .pth line), never the repository (the editable install is not activated)."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv, env=dict(os.environ))
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=venv, env=dict(os.environ)).stdout.strip())
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
          "--disable-pip-version-check", "-q", wheel], cwd=venv, env=dict(os.environ))
    assert (venv / "bin" / "partage").is_file(), "the wheel installs no partage command"
    # after the install: pip must not take the project's own (editable) install for this one
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _clean_env(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PARTAGE_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(COLUMNS="200", HOME=str(folder), PARTAGE_SHARED_DIR=str(folder / "no-shared"))
    return env


def test_the_wheel_holds_every_run_time_file(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for suffix in ("/templates/login.html", "/static/partage.css", "/locales/nl/LC_MESSAGES/messages.po",
                   "/migrations/script.py.mako", "/presets/smart-be/tenant.yaml",
                   "/resources/onss-dmfa/DmfAOriginal_20223.xsd", "/resources/onss-dmfa/PROVENANCE.md",
                   "/resources/ubl21/maindoc/UBL-Invoice-2.1.xsd", "/resources/ubl21/common/UBL-CommonBasicComponents-2.1.xsd",
                   "/resources/peppol-bis3/PEPPOL-EN16931-UBL.sch", "/resources/en16931/PROVENANCE.md",
                   "/resources/cii-d16b/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd"):
        assert any(name.endswith(suffix) for name in names), f"{suffix} not in the wheel"
    assert any("/migrations/versions/0001_" in name for name in names)


def test_the_installed_command_runs_from_an_empty_folder(installed, tmp_path):
    work = tmp_path / "empty"
    work.mkdir()
    env = _clean_env(tmp_path)
    python, partage = installed / "bin" / "python", installed / "bin" / "partage"
    origin = _run([python, "-c", "import importlib.util as u; from importlib.metadata import entry_points; "
                   "(ep,) = [e for e in entry_points(group='console_scripts') if e.name == 'partage']; "
                   "print(u.find_spec(ep.module).origin)"], cwd=work, env=env).stdout.strip()
    assert Path(origin).is_relative_to(installed) and not Path(origin).is_relative_to(ROOT), origin

    _run([partage, "db", "upgrade"], cwd=work, env=env)
    demo = _run([partage, "demo", "--members", "3", "--as-of", "2026-12-01", "--password", PASSWORD],
                cwd=work, env=env, timeout=900)
    assert "audit trail intact" in demo.stdout and "admin@smart-be.example" in demo.stdout
    assert (work / "var" / "partage.db").is_file() and list((work / "var" / "demo").glob("dmfa-*.xml"))

    invoice = work / "var" / "invoice.xml"
    listed = _run([partage, "invoice", "list", "--tenant", "smart-be", "--json"], cwd=work, env=env).stdout
    number = next(row["number"] for row in json.loads(listed) if row["status"] != "draft")
    _run([partage, "invoice", "export", "--tenant", "smart-be", "--number", number, "--format", "ubl",
          "--out", invoice], cwd=work, env=env)
    checked = subprocess.run([partage, "einvoice", "validate", invoice, "--peppol"], cwd=work, env=env,
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([partage, "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = urllib.request.urlopen(f"{base}/health", timeout=2)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()[-3000:]
                assert time.monotonic() < deadline, "partage serve did not answer /health"
                time.sleep(0.3)
        assert health.status == 200
        request = urllib.request.Request(f"{base}/login", headers={"Accept-Language": "nl"})
        login = urllib.request.urlopen(request, timeout=10).read().decode()
        assert 'name="password"' in login and "Aanmelden" in login   # the Dutch catalog is installed
        assert urllib.request.urlopen(f"{base}/static/partage.css", timeout=10).status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
