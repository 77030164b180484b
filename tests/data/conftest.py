"""Shared fixtures for the data tests."""
from collections.abc import Callable

import ml_collections
import pytest

from genjax import config


@pytest.fixture
def data_cfg() -> Callable[..., ml_collections.ConfigDict]:
  """Makes a `data` config from the base config with some keys overridden."""

  def make(**overrides) -> ml_collections.ConfigDict:
    cfg = config.base_config().data
    cfg.update(overrides)
    return cfg

  return make


@pytest.fixture(autouse=True)
def _no_data_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
  """Keeps the user's GENJAX_DATA_DIR and TFDS data out of the tests unless a test sets them."""
  monkeypatch.delenv('GENJAX_DATA_DIR', raising=False)
  monkeypatch.setenv('TFDS_DATA_DIR', str(tmp_path_factory.mktemp('empty_tfds')))
