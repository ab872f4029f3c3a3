"""A loop's step never ends the loop: its errors are logged."""

from __future__ import annotations

import logging

import pytest

from bot.periodic import run_step
from knowledge.errors import OpenRolesError


@pytest.mark.parametrize(("error", "level"), [(OpenRolesError("the store is busy"), logging.WARNING),
                                              (KeyError("bug"), logging.ERROR)])
async def test_a_failed_step_is_logged_not_raised(error: Exception, level: int,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Should log a store error as a warning and anything else with its traceback, raising neither."""
    async def step() -> None:
        raise error

    with caplog.at_level(logging.WARNING, logger="bot.periodic"):
        await run_step(step, "look for new postings")
    (record,) = caplog.records
    assert record.levelno == level and "Could not look for new postings" in record.getMessage()
