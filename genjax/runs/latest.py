"""A trained run read back from its directory: the newest checkpoint's method and state, and
samples drawn from it."""
import pathlib

import jax
import numpy as np

from genjax.core.checkpoint import reading
from genjax.core.rng import root_key, stream
from genjax.core.state import TrainState
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods import Method, build_method
from genjax.methods.base import Sampler
from genjax.runs.directory import load_run_config

CHUNK = 1024          # samples drawn per compiled call, so memory stays bounded for any N


def load_latest(workdir: str) -> tuple[Method, TrainState, DataSpec, int]:
  """The method and state of the newest checkpoint in `workdir`, without loading its data; a run
  that is training meanwhile deletes none of its checkpoints until they are read."""
  config = load_run_config(workdir)
  with reading(pathlib.Path(workdir) / 'checkpoints') as checkpoints:
    step = checkpoints.latest_step()
    if step is None:
      raise GenjaxError(f'{workdir} holds no checkpoint yet')
    spec = DataSpec.from_json(checkpoints.read_record(step)['data_spec'])
    method = build_method(config, spec)
    init_key = stream(root_key(config.seed, config.rng_impl), 'init')
    abstract = jax.eval_shape(method.init, init_key, spec.example_batch(config.batch_size))
    return method, checkpoints.restore(step, abstract), spec, step


def jit_sample(method: Sampler):
  """`method.sample` jitted with `num` static and the label traced (an int32 scalar, or None): one
  program serves every class."""
  return jax.jit(method.sample, static_argnums=2)


def draw_samples(method: Sampler, state: TrainState, key: jax.Array, num: int,
                 label: int | None = None, sample=None) -> np.ndarray:
  """`num` samples (of class `label` if given), CHUNK at a time with the chunk's index folded into `key`;
  `sample` is a `jit_sample(method)` to reuse (one is made otherwise)."""
  sample = sample or jit_sample(method)
  label = None if label is None else np.int32(label)
  chunks = [sample(state, jax.random.fold_in(key, i), min(CHUNK, num - start), label)
            for i, start in enumerate(range(0, num, CHUNK))]
  return np.concatenate(jax.device_get(chunks))
