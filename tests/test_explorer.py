"""The ipywidgets explorer: in this process, in a Jupyter kernel, and rendered in a real browser."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

import bargain

pytest.importorskip("ipywidgets", reason="the explorer needs the 'widgets' extra")

from bargain.errors import ScenarioError
from bargain.plot import explore

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07-explorer.ipynb"


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def test_moving_a_slider_solves_again_and_redraws(talks):
    ex = explore(talks)
    png, table = bytes(ex.figure.value), ex.table.value
    assert png.startswith(b"\x89PNG") and "verified mutual moratorium" in table
    assert ex.solution == bargain.solve(talks)
    ex.set("nato.disagreement", 0.95)
    assert ex.disagreement["nato"].value == 0.95
    assert not ex.solution.agreement
    assert bytes(ex.figure.value) != png and ex.table.value != table
    assert "No deal gives every party more" in ex.table.value
    # The explorer's scenario is the base scenario with that one number changed.
    assert ex.scenario.party("nato").disagreement == 0.95
    assert ex.scenario.party("russia") == talks.party("russia")


def test_weights_and_the_method_picker(talks):
    ex = explore(talks)
    ex.set("russia.weights.missiles", 0.6)  # within the slider (up to 3x the largest weight)
    russia = talks.party("russia")
    weights = {k: russia.weight(k) for k in talks.issue_keys} | {"missiles": 0.6}
    changed = dataclasses.replace(russia, weights=weights)
    expected = bargain.solve(dataclasses.replace(talks, parties=(changed, talks.party("nato"))))
    assert ex.solution.deal == expected.deal
    before = bytes(ex.figure.value)
    ex.method.value = "utilitarian"
    assert ex.solution.method == "utilitarian" and bytes(ex.figure.value) != before


def test_an_unknown_slider(talks):
    ex = explore(talks)
    with pytest.raises(ScenarioError) as err:
        ex.set("nato.disagrement", 0.5)
    assert str(err.value) == (
        "'nato.disagrement' is not a slider; did you mean 'nato.disagreement' or "
        "'russia.disagreement' or 'nato.weights.enlargement'?"
    )


def test_an_unknown_method(talks):
    with pytest.raises(ScenarioError) as err:
        explore(talks, method="nsh")
    assert str(err.value) == "method 'nsh' is not a method; did you mean 'nash'?"


def _kernel_notebook(code: list[str]):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in code]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _execute(nb, cwd: Path):
    nbclient = pytest.importorskip("nbclient")
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return nb


@pytest.mark.slow
def test_widget_state_changes_in_a_kernel(tmp_path):
    nb = _kernel_notebook(
        [
            "import bargain\nfrom bargain.plot import explore\n"
            "ex = explore(bargain.load_scenario('russia-nato-2022-no-red-lines'))\nex",
            "png, table = bytes(ex.figure.value), ex.table.value\n"
            "ex.disagreement['nato'].value = 0.95\n"
            "print(bytes(ex.figure.value) != png, ex.table.value != table, ex.solution.agreement)",
        ]
    )
    _execute(nb, tmp_path)
    shown = nb.cells[0].outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert nb.cells[1].outputs[0]["text"].strip() == "True True False"
    # The kernel's widget state, saved in the notebook, holds the sliders and the new figure.
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    models = {m["model_name"] for m in state.values()}
    assert {"FloatSliderModel", "DropdownModel", "ImageModel", "HTMLModel"} <= models
    sliders = [m["state"] for m in state.values() if m["model_name"] == "FloatSliderModel"]
    assert any(s["description"] == "disagreement" and s["value"] == 0.95 for s in sliders)


def _widget_scripts(folder: Path) -> tuple[Path, Path]:
    """The widget renderer and RequireJS, from the npm registry (the page may not use a CDN)."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    subprocess.run(
        [npm, "pack", "--silent", "@jupyter-widgets/html-manager@1", "requirejs@2"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    for tgz in folder.glob("*.tgz"):
        with tarfile.open(tgz) as archive:
            archive.extractall(folder / tgz.stem, filter="data")
    (manager,) = folder.glob("jupyter-widgets-html-manager-*/package/dist/embed-amd.js")
    (require,) = folder.glob("requirejs-*/package/require.js")
    return manager, require


@pytest.mark.slow
def test_the_explorer_notebook_in_a_headless_browser(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    nbformat = pytest.importorskip("nbformat")
    nbconvert = pytest.importorskip("nbconvert")
    nb = _execute(nbformat.read(NOTEBOOK, as_version=4), NOTEBOOK.parent)
    manager, require = _widget_scripts(tmp_path)
    exporter = nbconvert.HTMLExporter(
        template_name="classic",
        widget_renderer_url=manager.as_uri(),
        require_js_url=require.as_uri(),
    )
    page, _ = exporter.from_notebook_node(nb)
    html = tmp_path / "explorer.html"
    html.write_text(page, encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--allow-file-access-from-files",
        "--hide-scrollbars",
        "--virtual-time-budget=15000",
    ]
    env = {**os.environ, "HOME": str(tmp_path)}
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    ).stdout
    # The widget manager ran: the sliders, the method picker, the figure and the table are there.
    assert dom.count("widget-slider") >= 2 * (1 + 8)
    assert "widget-dropdown" in dom
    assert "data:image/png;base64" in dom or "blob:" in dom
    assert "verified mutual moratorium in agreed zones" in dom
    shot = Path(os.environ.get("BARGAIN_SCREENSHOT", tmp_path / "explorer.png"))
    subprocess.run(
        [chromium, *flags, "--window-size=1280,1700", f"--screenshot={shot}", html.as_uri()],
        capture_output=True,
        timeout=120,
        env=env,
        check=True,
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000  # a page with pictures, not blank
    json.dumps({"screenshot": str(shot)})
