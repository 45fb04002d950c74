"""Hostile files: never an input overwritten, never a traceback, never an unbounded read.

Each test is the reproducer of a finding of issue 13; the classes they stand for are fuzzed in
``tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import ScenarioError, load_scenario, pareto_frontier, read_toml
from bargain._files import check_output, read_text, write_chunks
from bargain._results import csv_cell
from bargain.cli.main import main
from tests.hostile_inputs import (
    TOY_TOML,
    discrete_issue,
    domain_xml,
    profile_xml,
    range_genius,
    two_party_genius,
    write_genius_files,
)

GROCERY = Path(__file__).parent / "data" / "genius" / "y2011" / "Grocery"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.fixture
def grocery(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "g"
    folder.mkdir()
    files = []
    for name in ("Grocery_domain.xml", "Grocery_domain_mary.xml", "Grocery_domain_sam.xml"):
        (folder / name).write_bytes((GROCERY / name).read_bytes())
        files.append(folder / name)
    return files


# ----------------------------------------------------------------------------- outputs
def test_import_genius_onto_its_input_is_refused(capsys, grocery) -> None:
    before = grocery[0].read_bytes()
    code, _, err = run(capsys, "import-genius", *map(str, grocery), "-o", str(grocery[0]))
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: -o {grocery[0]} is also an input ({grocery[0]}); an input is never "
        "overwritten: give another name"
    )
    assert grocery[0].read_bytes() == before


def test_import_genius_refuses_an_existing_output_unless_forced(capsys, grocery, tmp_path) -> None:
    out = tmp_path / "grocery.toml"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "import-genius", *map(str, grocery), "-o", str(out))
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: -o {out} already exists; give another name or --force to replace it"
    )
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, err = run(capsys, "import-genius", *map(str, grocery), "-o", str(out), "--force")
    assert code == 0, err
    assert read_toml(out).issue_keys[0] == "bread_type"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary left


def test_export_genius_into_its_own_folder_is_refused(capsys, grocery) -> None:
    folder = grocery[0].parent
    code, _, err = run(capsys, "export-genius", str(folder), "-o", str(folder))
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: -o {folder} is the folder the scenario is read from ({folder}); its "
        "files are inputs and are never overwritten: give another folder"
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in grocery)
    assert load_scenario(folder).n_issues == 5  # still loads


def test_export_genius_refuses_a_folder_it_would_break(capsys, grocery, tmp_path) -> None:
    toml = tmp_path / "grocery.toml"
    assert run(capsys, "import-genius", *map(str, grocery), "-o", str(toml))[0] == 0
    folder = grocery[0].parent
    code, _, err = run(capsys, "export-genius", str(toml), "-o", str(folder))
    assert code == 2
    assert "already holds other XML files (Grocery_domain.xml, " in one_line_error(err)
    assert "would hold two GENIUS domains and no longer load" in err
    out = tmp_path / "out"
    assert run(capsys, "export-genius", str(toml), "-o", str(out))[0] == 0
    code, _, err = run(capsys, "export-genius", str(toml), "-o", str(out))
    assert code == 2 and "already exists; give another name or --force" in one_line_error(err)
    assert run(capsys, "export-genius", str(toml), "-o", str(out), "--force")[0] == 0
    assert load_scenario(out).party_keys == ("mary", "sam")


def test_devices_are_never_written_over(capsys, grocery) -> None:
    code, _, err = run(capsys, "import-genius", *map(str, grocery), "-o", "/dev/null", "--force")
    assert code == 2
    assert one_line_error(err) == "ScenarioError: -o /dev/null is a device, expected a file name"
    with pytest.raises(ScenarioError, match="is a folder, expected a file name"):
        check_output(grocery[0].parent)


def test_a_failing_writer_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def chunks():
        yield "new, half written"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_chunks(target, chunks())
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# ----------------------------------------------------------------------------- inputs
def test_a_fifo_is_refused_without_waiting(capsys, tmp_path) -> None:
    fifo = tmp_path / "talks.toml"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "show", str(fifo))  # used to wait forever for a writer
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {fifo}: is a FIFO (named pipe), expected a scenario .toml file"
    )


def test_dev_zero_is_refused(capsys) -> None:
    code, _, err = run(capsys, "show", "/dev/zero")  # used to fill the memory
    assert code == 2
    assert one_line_error(err) == (
        "ScenarioError: /dev/zero: is a device, expected a scenario .toml file"
    )


def test_reads_are_capped(tmp_path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("x" * 100, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        read_text(big, what="a scenario .toml file", limit=64)
    assert str(info.value) == (
        f"{big}: is larger than 64 bytes, the most that is read (expected a scenario .toml file)"
    )


def test_a_missing_file_is_named(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "show", str(tmp_path / "missing.toml"))
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {tmp_path / 'missing.toml'}: does not exist (expected a scenario .toml "
        "file)"
    )


def test_a_byte_order_mark_is_read(tmp_path) -> None:
    plain, bom = tmp_path / "plain.toml", tmp_path / "bom.toml"
    plain.write_text(TOY_TOML, encoding="utf-8")
    bom.write_text("\ufeff" + TOY_TOML, encoding="utf-8")  # used to be "Invalid statement"
    assert read_toml(bom) == read_toml(plain)


def test_toml_nested_5000_deep(capsys, tmp_path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, "solve", str(deep))  # used to be a RecursionError
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {deep}: is not a scenario file: its arrays or tables are nested too "
        "deeply to read"
    )


def test_a_400_digit_integer(capsys, tmp_path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(TOY_TOML.replace("x = [0.0, 0.5", "x = [" + "9" * 400 + ", 0.5"), "utf-8")
    code, _, err = run(capsys, "solve", str(path))
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {path}: parties[0].values.x[0] must be a finite number, found an "
        "integer of 400 digits"
    )


@pytest.mark.parametrize("suffix", ["", ".toml"])
def test_a_scenario_name_over_255_bytes(capsys, suffix) -> None:
    name = "n" * 300 + suffix
    code, _, err = run(capsys, "solve", name)  # used to be OSError: File name too long
    assert code == 2
    line = one_line_error(err)
    if suffix:
        assert line == f"ScenarioError: {name}: cannot be read: File name too long"
    else:
        assert line == (
            "ScenarioError: " + repr("n" * 60) + "... (300 characters) is not a bundled "
            "scenario; expected one of: russia-nato-2022, russia-nato-2022-no-red-lines, "
            "russia-us-2021, russia-us-2021-no-red-lines (or give a path to a .toml file)"
        )


# ----------------------------------------------------------------------------- GENIUS XML
def test_unknown_xml_encoding(capsys, tmp_path) -> None:
    files = two_party_genius(tmp_path / "g", encoding="x-bogus-42")
    code, _, err = run(capsys, "show", str(tmp_path / "g"))  # used to be LookupError
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {files[0]}: declares an unknown text encoding (unknown encoding: "
        "x-bogus-42); GENIUS files are UTF-8"
    )


def test_genius_weights_of_1e308(capsys, tmp_path) -> None:
    with pytest.warns(bargain.BargainWarning, match="weights sum to 1e"):
        two_party_genius(tmp_path / "g", weights=["1e308"])
        assert load_scenario(tmp_path / "g").parties[0].weight("issue_1") == 1e308  # finite sum
    issues = discrete_issue(1, ["x", "y"]) + discrete_issue(2, ["x", "y"])
    rated = discrete_issue(1, ["x", "y"], [1, 0]) + discrete_issue(2, ["x", "y"], [0, 1])
    files = write_genius_files(
        tmp_path / "w",
        domain_xml(issues),
        [profile_xml(rated, ["1e308", "1e308"]), profile_xml(rated, [1, 1])],
    )
    code, _, err = run(capsys, "show", str(tmp_path / "w"))  # used to be OverflowError in fsum
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {files[1]}: <objective name='root'> has weights summing to more than "
        "the largest float; GENIUS weights sum to 1"
    )


def test_a_billion_integer_levels_are_refused_up_front(capsys, tmp_path) -> None:
    files = range_genius(tmp_path / "g", "integer", "0", "1000000000")
    code, _, err = run(capsys, "show", str(tmp_path / "g"))  # used to allocate 7.45 GiB
    assert code == 2
    assert one_line_error(err) == (
        f"ScenarioError: {files[0]}: <issue name='a'> is an integer range 0..1000000000: "
        "1,000,000,001 levels would need about 93.1 GiB of memory; an issue may have at most "
        "1,000,000 levels"
    )


def test_a_billion_real_levels_are_refused_up_front(capsys, tmp_path) -> None:
    files = range_genius(tmp_path / "g", "real", "0", "1")
    out = str(tmp_path / "x.toml")
    code, _, err = run(
        capsys, "import-genius", *map(str, files), "-o", out, "--real-resolution", "1000000000"
    )
    assert code == 2
    assert one_line_error(err) == (
        "ScenarioError: --real-resolution is 1,000,000,000: that many levels per real issue "
        "would need about 93.1 GiB of memory; at most 1,000,000"
    )


def test_a_real_range_of_plus_minus_1e308(capsys, tmp_path) -> None:
    range_genius(tmp_path / "g", "real", "-1e308", "1e308")
    with pytest.warns(bargain.BargainWarning, match="real range"):
        s = load_scenario(tmp_path / "g")  # used to blame a "repeated level name 'inf'"
    assert s.issues[0].levels[0] == "-1e+308" and s.issues[0].levels[-1] == "1e+308"
    assert s.issues[0].levels[5] == "0"
    np.testing.assert_allclose(s.parties[0].values["a"], np.linspace(0.4, 0.6, 11))


def test_forty_thousand_items(tmp_path) -> None:
    two_party_genius(tmp_path / "g", n_values=40_000)  # used to take 24 s (quadratic look-ups)
    s = load_scenario(tmp_path / "g")
    assert s.shape == (40_000,)
    assert s.parties[0].values["issue_1"][:8] == (0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1, 0)


# ----------------------------------------------------------------------------- the terminal
def test_show_escapes_terminal_control_characters(capsys, tmp_path) -> None:
    path = tmp_path / "evil.toml"
    title = 'title = "\\u001b]0;pwned\\u0007\\u001b[31mRED\\u202e"'
    path.write_text(TOY_TOML.replace('title = "Toy"', title), encoding="utf-8")
    code, out, _ = run(capsys, "show", str(path))
    assert code == 0
    assert out.splitlines()[0] == "\\u001b]0;pwned\\u0007\\u001b[31mRED\\u202e (toy)"
    assert not any(c in out for c in "\x1b\x07\u202e")


def test_json_output_stays_json_when_escaped(capsys, tmp_path) -> None:
    import json

    path = tmp_path / "evil.toml"
    path.write_text(TOY_TOML.replace('["a", "b", "c"]', '["a", "b\\u009b", "c"]'), "utf-8")
    code, out, _ = run(capsys, "frontier", str(path), "--json")
    assert code == 0 and "\x9b" not in out
    assert json.loads(out)["points"][0]["deal"] == {"x": "b\x9b"}


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("bargain.cli.solve.solve", interrupted)
    code, _, err = run(capsys, "solve", "russia-nato-2022")
    assert code == 130
    assert err == "interrupted\n"


def test_a_closed_pipe_is_quiet() -> None:
    args = [sys.executable, "-m", "bargain", "frontier", "russia-nato-2022", "--csv"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # the reader goes away, as `| head -1` does
    err = process.stderr.read() if process.stderr is not None else b""
    process.wait(timeout=60)
    assert b"Traceback" not in err


# ----------------------------------------------------------------------------- CSV
def test_every_csv_cell_is_defused(tmp_path) -> None:
    path = tmp_path / "evil.toml"
    levels = '["=HYPERLINK(\\"http://x\\")", "+1", "@SUM(A1)"]'
    path.write_text(TOY_TOML.replace('["a", "b", "c"]', levels), encoding="utf-8")
    f = pareto_frontier(read_toml(path))
    cells = [c for line in f.to_csv().splitlines()[1:] for c in line.split(",")[:1]]
    assert all(c.strip('"').startswith("'") for c in cells), cells
    assert csv_cell("\t=1") == "'\t=1" and csv_cell("-0.5") == "'-0.5" and csv_cell(-0.5) == "-0.5"


@settings(max_examples=40)
@given(
    st.lists(st.text(min_size=1, max_size=6), min_size=3, max_size=3, unique=True),
    st.sampled_from([None, 0, 1, 2, 4]),
)
def test_streamed_frontier_json_is_the_json(levels, indent) -> None:
    s = bargain.Scenario(
        name="toy",
        issues=[bargain.Issue("x", "x", levels)],
        parties=[
            bargain.Party("p", "p", values={"x": [0.0, 0.5, 1.0]}),
            bargain.Party("q", "q", values={"x": [1.0, 0.5, 0.0]}),
        ],
    )
    f = pareto_frontier(s)
    assert "".join(f.iter_json(indent=indent)) == f.to_json(indent=indent)
    empty = pareto_frontier(s, disagreement=[5.0, 5.0])
    assert "".join(empty.iter_json(indent=indent)) == empty.to_json(indent=indent)
    assert "".join(f.iter_csv()) == f.to_csv()
