"""Many files over several processes (issue 20, item 7): the same output as one process, in the same
order; a folder stands for its files; the progress bar never reaches standard output."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.cli.progress import expand, run_all
from tests.conftest import shared_path

runner = CliRunner()


def _corpus_files():
    folder = shared_path("corpus/text")
    return folder, sorted(p for p in folder.iterdir() if p.is_file())


def test_check_with_several_jobs_prints_what_one_job_prints_in_the_same_order():
    _, files = _corpus_files()
    files = files[::-1][:12]  # an order that is not the sorted one: it must be kept
    args = [str(p) for p in files]
    one = runner.invoke(app, ["check", *args, "--json", "--jobs", "1"])
    three = runner.invoke(app, ["check", *args, "--json", "--jobs", "3"])
    assert one.exit_code == three.exit_code and one.exit_code in (0, 1), one.output
    assert three.stdout == one.stdout
    paths = [f["location"]["path"] for f in json.loads(one.stdout)["findings"]]
    assert len({*paths}) > 5  # findings from many files, so the order means something
    text_one = runner.invoke(app, ["check", *args, "--level", "info", "--jobs", "1"])
    text_two = runner.invoke(app, ["check", *args, "--level", "info", "--jobs", "2"])
    assert text_two.stdout == text_one.stdout and text_one.stdout.count("\n") > 20


def test_a_folder_stands_for_its_files_sorted():
    folder, files = _corpus_files()
    assert expand([folder]) == files
    by_folder = runner.invoke(app, ["check", str(folder), "--json", "--jobs", "2"])
    by_files = runner.invoke(app, ["check", *map(str, files), "--json", "--jobs", "1"])
    assert by_folder.stdout == by_files.stdout


def test_the_progress_bar_stays_off_standard_output(monkeypatch):
    """With a terminal on stderr the bar is drawn there; --json on stdout is unchanged and parses."""
    import jixiao.cli.progress as progress

    _, files = _corpus_files()
    args = [str(p) for p in files[:6]]
    plain = runner.invoke(app, ["check", *args, "--json", "--jobs", "2"])
    monkeypatch.setattr(progress, "shows_progress", lambda: True)
    barred = runner.invoke(app, ["check", *args, "--json", "--jobs", "2"])
    assert barred.stdout == plain.stdout
    assert json.loads(barred.stdout)["summary"]


def test_score_with_several_jobs_equals_one_job():
    _, files = _corpus_files()
    forms = [str(p) for p in files if "selfeval" in p.name]
    assert len(forms) >= 3
    one = runner.invoke(app, ["score", *forms, "--json", "--jobs", "1"])
    two = runner.invoke(app, ["score", *forms, "--json", "--jobs", "2"])
    assert one.exit_code == 0, one.output
    assert two.stdout == one.stdout and len(json.loads(one.stdout)["evaluations"]) >= 3


def _square(x: int) -> int:
    return x * x


def test_run_all_keeps_the_order_of_the_items():
    items = list(range(40, 0, -1))
    assert run_all(_square, items, 3, "test") == [x * x for x in items]
    assert run_all(_square, [], 2, "test") == []
