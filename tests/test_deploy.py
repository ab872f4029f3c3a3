"""The deployment examples (deploy/) agree with the code: the settings they set exist, the paths they copy
or mount exist, and they run a command the CLI has. Nothing here needs Docker, systemd or a network."""

from __future__ import annotations

import configparser
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import build_parser
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SETTINGS = {name.upper() for name in Settings.model_fields}


def compose() -> dict[str, Any]:
    document = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def bot_services() -> dict[str, dict[str, Any]]:
    return {name: service for name, service in compose()["services"].items() if "build" in service}


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string((DEPLOY / "open-roles@.service").read_text(encoding="utf-8"))
    return parser


def test_compose_runs_the_bot_in_two_shards_beside_postgres() -> None:
    """Should parse as YAML, with a healthy-checked postgres and bot services waiting for it."""
    services = compose()["services"]
    assert "healthcheck" in services["postgres"]
    assert len(bot_services()) == 2
    for service in bot_services().values():
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["shard-0", "shard-1"])
def test_compose_sets_only_settings_the_bot_reads(name: str) -> None:
    """Should name in each bot service's environment only variables `Settings` reads, shards in range."""
    environment = bot_services()[name]["environment"]
    assert set(environment) <= SETTINGS
    assert int(environment["SHARD_IDS"]) < int(environment["SHARD_COUNT"])
    assert environment["DATABASE_URL"].startswith("postgresql://")
    mounts = [volume.split(":")[1] for volume in bot_services()[name]["volumes"]]
    assert environment["POSTINGS_DIR"] in mounts


def test_compose_builds_from_the_dockerfile_and_its_paths_exist() -> None:
    """Should build from a context and Dockerfile that exist, whose COPY sources exist in the context."""
    for service in bot_services().values():
        context = (DEPLOY / service["build"]["context"]).resolve()
        dockerfile = context / service["build"]["dockerfile"]
        assert context == ROOT and dockerfile.is_file()
        for line in dockerfile.read_text(encoding="utf-8").splitlines():
            if line.startswith("COPY "):
                *sources, _ = line.split()[1:]
                assert all((context / source).exists() for source in sources), line


@pytest.mark.parametrize("command", [
    next(iter(bot_services().values()))["command"],
    re.findall(r'"([^"]+)"', next(line for line in (DEPLOY / "Dockerfile").read_text().splitlines()
                                  if line.startswith("CMD")))])
def test_images_run_a_command_the_cli_has(command: list[str]) -> None:
    """Should start `python -m bot run`, a command the CLI parses."""
    assert command[:3] == ["python", "-m", "bot"]
    assert build_parser().parse_args(command[3:]).command == "run"


def test_the_systemd_unit_sets_settings_the_bot_reads_and_runs_it() -> None:
    """Should set SHARD_IDS from the instance, name only real settings, and run `-m bot run`."""
    service = unit()["Service"]
    variable, _, value = service["Environment"].partition("=")
    assert variable in SETTINGS and value == "%i"
    comment = (DEPLOY / "open-roles@.service").read_text(encoding="utf-8").split("[Unit]")[0]
    named = set(re.findall(r"\b[A-Z][A-Z_]{4,}\b", comment)) - {"SIGTERM"}
    assert named and named <= SETTINGS
    assert service["ExecStart"].split()[1:] == ["-m", "bot", "run"]
    assert service["KillSignal"] == "SIGTERM"
