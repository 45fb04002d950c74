import matplotlib

matplotlib.use("Agg")

import pytest

from bargain.cli.main import main


def test_solve_writes_png_and_svg(tmp_path, capsys):
    png = tmp_path / "nash.png"
    assert main(["solve", "russia-nato-2022-no-red-lines", "--lotteries", "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {png}" in capsys.readouterr().err
    svg = tmp_path / "nash.svg"
    assert main(["solve", "russia-us-2021-no-red-lines", "--json", "--plot", str(svg)]) == 0
    assert b"<svg" in svg.read_bytes()[:500]
    out = capsys.readouterr().out
    assert out.lstrip().startswith("{")  # stdout stays pure JSON


def test_bad_extension_stops_before_any_work(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["solve", "russia-nato-2022-no-red-lines", "--plot", str(tmp_path / "nash.jpg")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --plot: must end in .png, .svg or .pdf" in err
    assert not (tmp_path / "nash.jpg").exists()


def test_unwritable_plot_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "missing" / "nash.png"
    assert main(["solve", "russia-nato-2022-no-red-lines", "--plot", str(target)]) == 2
    assert "--plot cannot be written" in capsys.readouterr().err


def test_sweep_plot(tmp_path, capsys):
    png = tmp_path / "sweep.png"
    argv = ["sweep", "russia-nato-2022-no-red-lines", "--vary", "nato.disagreement=0.6:0.95:5"]
    argv += ["--out", str(tmp_path / "runs.csv"), "--no-progress", "--plot", str(png)]
    assert main(argv) == 0
    assert png.stat().st_size > 1000
    with pytest.raises(SystemExit) as exit_:
        main([*argv[:-1], str(tmp_path / "sweep.eps")])
    assert exit_.value.code == 2


def test_path_plot(tmp_path, capsys):
    png = tmp_path / "path.png"
    argv = [
        "path",
        "russia-nato-2022-no-red-lines",
        "--protocol",
        "zeuthen",
        "--json",
        "--plot",
        str(png),
    ]
    assert main(argv) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert capsys.readouterr().out.lstrip().startswith("{")
    with pytest.raises(SystemExit) as exit_:
        main([*argv[:-1], str(tmp_path / "path")])
    assert exit_.value.code == 2
    assert "must end in .png, .svg or .pdf" in capsys.readouterr().err


def test_threat_plot(tmp_path, capsys):
    svg = tmp_path / "threat.svg"
    assert main(["threat", "russia-nato-2022-no-red-lines", "--plot", str(svg)]) == 0
    assert b"<svg" in svg.read_bytes()[:500]
    png = tmp_path / "solve.png"
    argv = [
        "solve",
        "russia-nato-2022-no-red-lines",
        "--disagreement",
        "threat-game",
        "--plot",
        str(png),
    ]
    assert main(argv) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(SystemExit) as exit_:
        main(["threat", "russia-nato-2022-no-red-lines", "--plot", str(tmp_path / "threat.gif")])
    assert exit_.value.code == 2
