"""`python -m bot`: parse, reload, ask, jobs and console through `main(argv)`, with a database in tmp_path."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import bot.__main__ as bot_main
import knowledge.store as store_module
from bot.cli import main
from bot.settings import Settings
from knowledge.store import prestart_workers
from retrieval.analysis import analyse
from retrieval.saved import analyse_packed

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def settings(tmp_path: Path, bundled_dir: Path) -> Settings:
    """Settings that never read the developer's `.env` or write into the working tree."""
    return Settings(_env_file=None, postings_dir=bundled_dir,  # type: ignore[call-arg]
                    database_path=tmp_path / "roles.db")


def run(argv: list[str], settings: Settings, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--today", "2026-11-23", *argv], settings=settings)
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """Should print the answer as JSON with its citations' source, title, section, lines and snippet."""
    code, out, _ = run(["ask", "What does the Organizing Director pay?", "--json"], settings, capsys)
    data = json.loads(out)
    assert code == 0 and data["question"] == "What does the Organizing Director pay?"
    assert "$127,000–$138,000 a year" in data["answer"] and data["found"] is True
    citation = data["citations"][0]
    assert set(citation) == {"source", "title", "organization", "section", "start_line", "end_line",
                             "snippet"}
    assert citation["source"] == "local-progress-organizing-director.txt"


def test_ask_text(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """Should print the answer and numbered sources as plain text."""
    code, out, _ = run(["ask", "How do I apply to POP?"], settings, capsys)
    assert code == 0 and "recruiting@poppasadena.org" in out and "[1]" in out and "line 96" in out


def test_jobs_json(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """Should print matching postings as parse summaries plus why each matched."""
    code, out, _ = run(["jobs", "--remote", "remote", "--include-closed", "--json"], settings, capsys)
    rows = json.loads(out)
    assert code == 0 and {r["id"] for r in rows} == {"local-progress-membership-organizer",
                                                     "local-progress-organizing-director"}
    assert all(r["why"] and r["remote"] == "remote" and "salary" in r for r in rows)


def test_jobs_min_salary_left_out(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """Should say which postings a pay filter left out because they state no pay."""
    code, out, _ = run(["jobs", "--min-salary", "60k", "--include-closed"], settings, capsys)
    assert code == 0 and "Organizing Director" in out
    assert "Left out because they state no pay figure" in out and "Membership Organizer" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["jobs", "--remote", "sometimes"], "remote, hybrid, onsite"),
    (["jobs", "--type", "gig"], "full-time, part-time, temporary, contract, internship, fellowship"),
    (["jobs", "--min-salary", "lots"], "not an amount"),
    (["jobs", "--closing-before", "soon"], "YYYY-MM-DD"),
    (["--today", "yesterday", "ask", "hi"], "YYYY-MM-DD"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_arguments(argv: list[str], message: str, settings: Settings,
                       capsys: pytest.CaptureFixture[str]) -> None:
    """Should reject bad arguments with a message listing the valid values, and no traceback."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv, settings=settings)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and "Traceback" not in err


def test_parse_reports_failures(tmp_path: Path, bundled_dir: Path, settings: Settings,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """Should print the postings it parsed, give each failure's reason on stderr, and exit 1."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = bundled_dir / "pop-pasadena-organizer.txt"
    code, out, err = run(["parse", str(good), str(empty), str(tmp_path / "missing.txt"), "--json"],
                         settings, capsys)
    rows = json.loads(out)
    assert code == 1 and [r["id"] for r in rows] == ["pop-pasadena-organizer"]
    assert "empty.txt" in err and "missing.txt" in err and "Traceback" not in err


def test_reload_report(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """Should sync the directory and report it; a second sync changes nothing."""
    code, out, _ = run(["reload"], settings, capsys)
    assert code == 0 and "added        5" in out
    code, out, _ = run(["reload"], settings, capsys)
    assert code == 0 and "unchanged    5" in out and "added        0" in out


def test_missing_postings_dir(tmp_path: Path, settings: Settings,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """Should explain a missing postings directory in one line."""
    code, _, err = run(["--postings", str(tmp_path / "nope"), "ask", "hi"], settings, capsys)
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_console(settings: Settings, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Should answer questions and slash commands from stdin until quit."""
    lines = ["Which roles are remote?", "/jobs remote:onsite include_closed:yes", "/jobs remote:sideways",
             "/job organizing director", "/salary", "/deadlines", "/help", "/nope", "quit", "never read"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, _ = run(["console"], settings, capsys)
    assert code == 0
    assert "Membership Organizer" in out and "Sources:" in out
    assert "Organizer (Pasadenans Organizing for Progress)" in out
    assert "use one of: remote, hybrid, onsite" in out
    assert "$127,000–$138,000 a year  (line 34)" in out
    assert "February 13, 2024 (year inferred)" in out
    assert "Unknown command /nope" in out and "never read" not in out


def test_console_eof(settings: Settings, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Should end quietly at the end of input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("What does the Organizing Director pay?"))
    code, out, _ = run(["console"], settings, capsys)
    assert code == 0 and "$127,000–$138,000" in out


def test_module_entry_point(tmp_path: Path, bundled_dir: Path) -> None:
    """Should run as `python -m bot` from any directory."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--postings", str(bundled_dir), "--db", str(tmp_path / "x.db"),
         "--today", "2026-11-23", "ask", "Which jobs require Spanish?", "--json"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert {c["source"] for c in json.loads(result.stdout)["citations"]} == {"pop-pasadena-organizer.txt"}


@pytest.mark.parametrize("argv", [
    ["--today", "2024-01-01", "ask", "When is the deadline for the POP organizer job?"],
    ["ask", "When is the deadline for the POP organizer job?", "--today", "2024-01-01"],
])
def test_global_options_go_before_or_after_the_command(argv: list[str], settings: Settings,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Should accept --today (and the other global options) on either side of the command."""
    code = main(argv, settings=settings)
    out, _ = capsys.readouterr()
    assert code == 0 and "February 13" in out and "closed" not in out.split("Sources")[0]


def test_help_says_no_command_means_run(capsys: pytest.CaptureFixture[str]) -> None:
    """Should say in --help that without a command the Discord bot runs."""
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert exited.value.code == 0 and "With no COMMAND, runs the Discord bot" in out


@pytest.mark.parametrize(("argv", "expected"), [
    ([], True), (["reload"], True), (["--postings", "dir", "ask", "remote?"], True), (["console"], True),
    (["parse", "a.txt"], False), (["--help"], False), (["ask", "x", "--read-only"], False),
])
def test_the_parsing_workers_start_early_only_for_a_syncing_command(argv: list[str], expected: bool) -> None:
    """Should start the parsing workers' fork server at once only for a command that syncs the folder."""
    assert bot_main.syncs(argv) is expected


def test_the_workers_started_early_load_what_a_sync_uses() -> None:
    """Should preload in the fork server started early what the engine's syncs have their workers import
    (the analysis, or the packed analysis of a command that only syncs)."""
    assert set(bot_main.PARSING_MODULES) == {prestart_workers.__module__, *store_module._preload(analyse),
                                              *store_module._preload(analyse_packed)}
