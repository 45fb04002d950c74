"""The fuzz suite: hostile scenario files, GENIUS XML, checkpoints and command lines.

Every example ends in an answer (exit 0, checked where an oracle exists) or a clear refusal
(exit 2, one line on stderr); never a traceback, a hang or a silent wrong answer. In CI each test
runs the ``ci`` profile's examples (``tests/conftest.py``); for a longer local run::

    HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py      # 2,000 examples per test, minutes

and ``python -m tests.fuzz_report`` regenerates ``docs/hostile-inputs.md``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargain import Dirichlet, sweep
from tests.fuzz import (
    argument_lists,
    check_solution,
    checkpoint_edits,
    genius_folders,
    is_valid_toml,
    run_cli,
    scenario_files,
)

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COMMANDS = [
    ["solve", "{f}", "--json"],
    ["show", "{f}"],
    ["frontier", "{f}", "--csv"],
    ["path", "{f}", "--protocol", "time-based"],
    ["path", "{f}", "--protocol", "zeuthen"],
    ["threat", "{f}"],
]


def assert_ok(outcome, argv) -> None:
    assert outcome.ok(), (
        f"bargain {' '.join(argv)}: {outcome.kind} (exit {outcome.code})\n{outcome.err}"
    )


@SLOW
@given(scenario_files(), st.sampled_from(COMMANDS))
def test_scenario_files(data: bytes, command: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.toml"
        path.write_bytes(data)
        argv = [part.format(f=path) for part in command]
        outcome = run_cli(argv)
        assert_ok(outcome, argv)
        if not is_valid_toml(data) and not data.startswith(b"\xef\xbb\xbf"):
            assert outcome.kind == "refused"
        if outcome.kind == "answer" and command[0] == "solve":
            check_solution(path, outcome)


@SLOW
@given(genius_folders(), st.sampled_from(["show", "solve", "import"]))
def test_genius_xml(files: tuple[bytes, bytes, bytes], command: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "g"
        root.mkdir()
        names = ["dom.xml", "dom_a.xml", "dom_b.xml"]
        for name, data in zip(names, files, strict=True):
            (root / name).write_bytes(data)
        if command == "import":
            argv = ["import-genius", *(str(root / n) for n in names), "-o", f"{folder}/s.toml"]
        else:
            argv = [command, str(root)]
        outcome = run_cli(argv)
        assert_ok(outcome, argv)
        if command == "import" and outcome.kind == "answer":
            assert (Path(folder) / "s.toml").is_file()
        assert sorted(p.name for p in root.iterdir()) == names  # inputs untouched


_CLEAN: dict[str, object] = {}


def clean_checkpoint() -> tuple[list[str], object]:
    """A checkpoint of a small sweep (made once) and the sweep's result."""
    if not _CLEAN:
        import bargain

        talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "c.ckpt"
            result = sweep(
                talks,
                uncertainty={"*.weights": Dirichlet(30)},
                samples=60,
                rng=4,
                checkpoint=path,
                chunk_size=20,
                progress=False,
            )
            _CLEAN["lines"] = path.read_text(encoding="utf-8").splitlines()
        _CLEAN["result"] = result
    return _CLEAN["lines"], _CLEAN["result"]  # type: ignore[return-value]


@SLOW
@given(st.data())
def test_checkpoints(data: st.DataObject) -> None:
    lines, clean = clean_checkpoint()
    k, text = data.draw(checkpoint_edits(lines))
    edited = list(lines)
    edited[k] = text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.ckpt"
        path.write_text("\n".join(edited) + "\n", encoding="utf-8")
        out = Path(folder) / "runs.csv"
        argv = ["sweep", "russia-nato-2022-no-red-lines", "--noise", "*.weights=dirichlet(30)"]
        argv += ["--samples", "60", "--seed", "4", "--checkpoint", str(path)]
        argv += ["--out", str(out), "--no-progress"]
        outcome = run_cli(argv)
        assert_ok(outcome, argv)
        if outcome.kind == "refused":
            assert "checkpoint" in outcome.err
            return
        # Accepted: the edit changed nothing that matters, or was dropped as a torn last line.
        rows = out.read_text(encoding="utf-8")
        assert rows == clean.to_csv(), "a forged checkpoint line changed the answer"


@SLOW
@given(st.data())
def test_argument_lists(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        argv = data.draw(argument_lists(folder))
        outcome = run_cli(argv)
        assert_ok(outcome, argv)
        if outcome.kind == "answer" and "--json" in argv:
            json.loads(outcome.out)  # machine output is valid JSON, whatever it says


def test_the_oracle_catches_a_wrong_answer(tmp_path) -> None:
    # The check of answers is itself checked: a tampered answer is caught.
    from tests.fuzz import Outcome
    from tests.hostile_inputs import TOY_TOML

    path = tmp_path / "toy.toml"
    path.write_text(TOY_TOML, encoding="utf-8")
    good = run_cli(["solve", str(path), "--json"])
    check_solution(path, good)
    data = json.loads(good.out)
    data["deal"] = {"x": "a"}
    data["utilities"] = {"p": 0.0, "q": 1.0}
    bad = Outcome("answer", 0, json.dumps(data), "", 0.0)
    try:
        check_solution(path, bad)
    except AssertionError:
        return
    raise AssertionError("a wrong answer went unnoticed")
