from pathlib import Path

import pytest

from ceasefire.errors import ConfigError
from ceasefire.settings import Settings


def test_settings_read_prefixed_environment_variables() -> None:
    settings = Settings.from_env({"CEASEFIRE_MAX_INPUT_BYTES": "1000", "CEASEFIRE_CACHE_DIR": "/tmp/cf"})
    assert settings.max_input_bytes == 1000
    assert settings.cache_dir == Path("/tmp/cf")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CEASEFIRE_MAX_INPUT_BYTES", "lots"),
        ("CEASEFIRE_MAX_INPUT_BYTES", "-5"),
        ("CEASEFIRE_DEDUPE_THRESHOLD", "2"),
    ],
    ids=["not-a-number", "negative", "out-of-range"],
)
def test_bad_settings_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match="CEASEFIRE_"):
        Settings.from_env({name: value})


def test_explicit_overrides_win_over_the_environment() -> None:
    assert Settings.from_env({"CEASEFIRE_PROCESSES": "4"}, processes=2).processes == 2


def test_serving_processes_are_at_least_one() -> None:
    assert Settings.from_env({"CEASEFIRE_SERVE_WORKERS": "3"}).serve_workers == 3
    with pytest.raises(ConfigError, match="CEASEFIRE_SERVE_WORKERS"):
        Settings.from_env({"CEASEFIRE_SERVE_WORKERS": "0"})
