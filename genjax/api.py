"""The calls behind `genjax train` and `genjax sweep` that `import genjax` exposes (with
`get_config`, `load` and `Run`, re-exported by genjax/__init__.py)."""
import pathlib

import ml_collections

from genjax.config.shipped import get_config
from genjax.runs.run import Run, load


def _config(config: ml_collections.ConfigDict | str) -> ml_collections.ConfigDict:
  return get_config(config) if isinstance(config, str) else config


def train(config: ml_collections.ConfigDict | str, workdir: str | pathlib.Path, progress: bool = True) -> Run:
  """Trains `config` (a ConfigDict, or a shipped config's name or a file) in `workdir` to its
  `steps`, resuming from the newest checkpoint there as `genjax train` does; returns the run.

    run = genjax.train(genjax.get_config('vae_digits', steps=500), 'runs/vae_digits', progress=False)
  """
  from genjax.training.trainer import train as train_loop  # pylint: disable=import-outside-toplevel
  train_loop(_config(config), str(workdir), progress=progress)
  return load(workdir)


def sweep(config: ml_collections.ConfigDict | str, workdir: str | pathlib.Path, seeds: int, metrics=(),
          num_samples: int = 0, classifier: str = '', inception_weights: str = '', iwae_samples: int = 5000,
          progress: bool = True) -> dict | None:
  """Trains seeds config.seed + i, i < `seeds`, as one program in `workdir` and measures each, as
  `genjax sweep` does; returns what it writes to sweep.json (None if a signal stopped it).

    result = genjax.sweep('gan_ring8', 'runs/ring8_seeds', seeds=3, metrics=('modes',))
    result['mean']['modes']
  """
  from genjax.evaluation.evaluate import options  # pylint: disable=import-outside-toplevel
  from genjax.training.sweep import run_sweep  # pylint: disable=import-outside-toplevel
  return run_sweep(_config(config), str(workdir), seeds, progress=progress,
                   options=options(metrics, num_samples, 0, classifier, inception_weights, iwae_samples))
