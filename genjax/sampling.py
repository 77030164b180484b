"""Samples from a trained run: `genjax sample --workdir DIR --num N --out FILE [--seed S]`."""
import pathlib

import jax
import numpy as np
from PIL import Image

from genjax import viz, workdir as workdirs
from genjax.core.checkpoint import Checkpoints
from genjax.core.rng import stream
from genjax.core.state import TrainState
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.files import atomic_write, checked_output
from genjax.methods import Method, build_method

CHUNK = 1024          # samples drawn per compiled call, so memory stays bounded for any N
GRID_UPSCALE = {8: 4, 16: 2}   # small images are enlarged in grids so they can be seen


def draw_samples(method: Method, state: TrainState, key: jax.Array, num: int,
                 label: int | None = None) -> np.ndarray:
  """`num` samples (of class `label` if given), CHUNK at a time with the chunk's index folded into `key`."""
  sample = jax.jit(method.sample, static_argnums=(2, 3))
  chunks = [sample(state, jax.random.fold_in(key, i), min(CHUNK, num - start), label)
            for i, start in enumerate(range(0, num, CHUNK))]
  return np.concatenate(jax.device_get(chunks))


def save_picture(path: pathlib.Path, samples: np.ndarray, spec: DataSpec,
                 real: np.ndarray | None = None) -> np.ndarray:
  """An image grid (sequences: one per row), or for points a scatter over (up to 2,500) real points;
  returns the pixels."""
  if spec.kind == 'image':
    viz.save_image_grid(path, samples, spec.value_range, upscale=GRID_UPSCALE.get(spec.shape[0], 1))
  elif spec.kind == 'sequence':
    frames, height = spec.shape[:2]
    viz.save_image_grid(path, samples.reshape(-1, *spec.shape[1:]), spec.value_range, ncols=frames,
                        upscale=GRID_UPSCALE.get(height, 1))
  else:
    viz.save_points_plot(path, samples[:, :2], real=None if real is None else real[:2500, :2])
  return np.asarray(Image.open(path).convert('RGB'))


def restore_latest(workdir: str) -> tuple[Method, TrainState, DataSpec, int]:
  """The method and state of the newest checkpoint in `workdir`, without loading its data."""
  config = workdirs.load_config(workdir)
  checkpoints = Checkpoints(pathlib.Path(workdir) / 'checkpoints', config.keep_checkpoints)
  try:
    step = checkpoints.latest_step()
    if step is None:
      raise GenjaxError(f'{workdir} holds no checkpoint yet')
    spec = DataSpec.from_json(checkpoints.read_record(step)['data_spec'])
    method = build_method(config, spec)
    init_key = stream(jax.random.key(config.seed), 'init')
    abstract = jax.eval_shape(method.init, init_key, spec.example_batch(config.batch_size))
    return method, checkpoints.restore(step, abstract), spec, step
  finally:
    checkpoints.close()


def sample_command(workdir: str, num: int, out: str, seed: int, label: int | None = None) -> None:
  """Writes `num` samples (of class `label` for a conditional model) to `out`: a .png grid (or
  scatter) or a .npz with the array `samples`."""
  suffix = checked_output(out, ('.png', '.npz'), num)
  method, state, spec, step = restore_latest(workdir)
  if label is not None and not 0 <= label < spec.num_classes:
    raise GenjaxError(f'--label {label} is not a class of this run (it has {spec.num_classes})')
  samples = draw_samples(method, state, jax.random.key(seed), num, label)
  if suffix == '.png':
    save_picture(pathlib.Path(out), samples, spec)
  else:
    with atomic_write(out) as tmp, open(tmp, 'wb') as f:
      np.savez(f, samples=samples)
  print(f'wrote {num} samples of step {step} to {out}')
