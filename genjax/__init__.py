"""genjax: deep generative models in JAX and Flax.

From Python, the calls the command line makes:

  import genjax
  config = genjax.get_config('vae_digits', steps=500)     # a shipped config (or a file), with overrides
  run = genjax.train(config, 'runs/vae_digits')            # resumes like `genjax train`
  run = genjax.load('runs/vae_digits')                     # a Run: .config .step .method .state .spec
  samples = run.sample(64, seed=0)                         # as `genjax sample`
  rows = run.evaluate()                                    # as `genjax eval` (writes eval.json)

Importing genjax is cheap: JAX loads when one of these is first used.
"""
import importlib
from typing import TYPE_CHECKING

from genjax.errors import GenjaxError

# Public name -> the module that defines it, imported on first use.
_LAZY = {'get_config': 'genjax.config.shipped', 'train': 'genjax.api', 'sweep': 'genjax.api',
         'load': 'genjax.runs.run', 'Run': 'genjax.runs.run'}

__all__ = ['GenjaxError', 'Run', 'get_config', 'load', 'sweep', 'train']

if TYPE_CHECKING:
  from genjax.api import sweep, train
  from genjax.config.shipped import get_config
  from genjax.runs.run import Run, load


def __getattr__(name: str):
  if name in _LAZY:
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
  raise AttributeError(f"module 'genjax' has no attribute {name!r}")


def __dir__() -> list[str]:
  return sorted(set(globals()) | set(__all__))
