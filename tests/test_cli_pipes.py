"""The command line when the reader of its output goes away (``bargain ... | head -1``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bargain.cli import common


def _read_one_line(*argv: str) -> tuple[int, bytes, bytes]:
    """Run ``bargain ARGV``, read its first line of output, close the pipe, wait."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bargain", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # the reader goes away, as `| head -1` does
    err = process.stderr.read()
    process.stderr.close()
    return process.wait(timeout=120), first, err


@pytest.mark.slow
def test_show_piped_to_head_is_quiet() -> None:
    code, first, err = _read_one_line("show", "russia-nato-2022")
    assert first.decode() == (
        "Russia–NATO security talks, January 2022: Russia's draft agreement (russia-nato-2022)\n"
    )
    assert code in (0, 141)  # all of it may fit in the pipe before the reader goes
    assert err == b""


@pytest.mark.slow
def test_a_closed_pipe_still_writes_the_picture(tmp_path: Path) -> None:
    picture = tmp_path / "path.png"
    # about 470 kB of JSON: far more than a pipe holds, so the pipe breaks mid-output
    code, first, err = _read_one_line(
        "path", "russia-us-2021-no-red-lines", "--protocol", "time-based", "--rounds", "1000",
        "--json", "--plot", str(picture),
    )  # fmt: skip
    assert first == b"{\n"
    assert code == 141
    assert err.decode() == f"wrote {picture}\n"
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_say_after_the_reader_went_drops_the_text(monkeypatch, capsys) -> None:
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            raise BrokenPipeError

        def fileno(self) -> int:
            raise ValueError("no file")

    common.reset_output()
    monkeypatch.setattr(sys, "stdout", Closed())
    common.say("lost")
    assert common.reader_gone()
    common.say_chunks(["also", "lost"])  # no second attempt, no error
    common.flush_stdout()
    monkeypatch.undo()
    common.reset_output()
    assert not common.reader_gone()
    common.say("seen")
    assert capsys.readouterr().out == "seen\n"
