"""Settings: every one is documented in `.env.example`, and a bad value is one line naming the variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import LOG_LEVELS, Settings, settings_error

ENV_EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def test_every_setting_is_in_env_example() -> None:
    """Should list every setting's variable in .env.example, so an operator can find it."""
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))
    assert {name.upper() for name in Settings.model_fields} - listed == set()


@pytest.mark.parametrize("given", ["debug", " Warning ", "ERROR"])
def test_a_log_level_in_any_case_is_accepted(given: str) -> None:
    """Should accept a level name in any case and keep it upper case."""
    level = Settings(_env_file=None, log_level=given).log_level  # type: ignore[call-arg]
    assert level in LOG_LEVELS and level == given.strip().upper()


@pytest.mark.parametrize("given", ["LOUD", "", "20"])
def test_an_unknown_log_level_is_an_error_naming_it(given: str) -> None:
    """Should refuse an unknown LOG_LEVEL with one line naming the variable and the valid levels."""
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, log_level=given)  # type: ignore[call-arg]
    message = settings_error(caught.value)
    assert message.startswith("bad settings: LOG_LEVEL: ") and "DEBUG, INFO" in message
    assert "\n" not in message and "Value error" not in message
