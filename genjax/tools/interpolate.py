"""Latent interpolations: `genjax interpolate --workdir D --out FILE.png|FILE.gif`.

Decodes `steps` points on the linear or spherical path (genjax.viz.latent.interpolation_path)
between the two ends of each of `pairs` pairs: codes of held-out images (`encode`, for models with
an encoder) or draws of the model's prior. A .png has one row per pair; a .gif shows the pairs side
by side, one frame per step.
"""
import pathlib

import jax
import numpy as np

from genjax import viz
from genjax.core.files import check_target, writing
from genjax.errors import GenjaxError, check_choice
from genjax.methods.base import Encoder
from genjax.runs.run import Run, load
from genjax.tools.restore import check_decodable, prior_latents
from genjax.viz.latent import interpolation_path
from genjax.viz.samples import GRID_UPSCALE

MODES = ('linear', 'spherical')


def _ends(run: Run, key: jax.Array, pairs: int, encode: bool) -> np.ndarray:
  """The 2·pairs path ends [2·pairs, D]: codes of held-out images drawn with `key`, or prior draws."""
  if not encode:
    return np.asarray(prior_latents(run.method, run.state, run.spec.shape, key, 2 * pairs))
  if not isinstance(run.method, Encoder):
    raise GenjaxError(f'{run.workdir}: --encode needs a model with an encoder (AE, VAE, AAE, BiGAN)')
  dataset = run.dataset
  x = dataset.test_x if dataset.test_x is not None else dataset.train_x
  if len(x) < 2 * pairs:
    raise GenjaxError(f'--pairs {pairs} needs {2 * pairs} held-out images, the data has {len(x)}')
  chosen = jax.random.choice(key, len(x), (2 * pairs,), replace=False)
  return run.encode(x[np.asarray(chosen)])


def check_interpolation(out: str | None, mode: str, steps: int, pairs: int) -> None:
  """Refuses, before any work, an `out` that is no writable .png or .gif, an unknown `mode`, or too few
  `steps` or `pairs`."""
  if out is not None and pathlib.Path(out).suffix not in ('.png', '.gif'):
    raise GenjaxError(f'--out must end in .png or .gif, got {out}')
  check_choice('--mode', mode, MODES)
  if steps < 2 or pairs < 1:
    raise GenjaxError(f'--steps must be >= 2 and --pairs >= 1, got {steps} and {pairs}')
  if out is not None:
    check_target(out)


def interpolate(run: Run, mode: str = 'spherical', steps: int = 10, pairs: int = 8, seed: int = 0,
                encode: bool = False, out: str | None = None) -> np.ndarray:
  """The decoded paths of `pairs` pairs, `steps` points each, [pairs · steps, ...] pair by pair;
  written to `out` (.png or .gif) where given."""
  check_interpolation(out, mode, steps, pairs)
  check_decodable(run.method, run.spec, run.workdir)
  ends = _ends(run, jax.random.key(seed), pairs, encode)
  paths = np.concatenate([interpolation_path(ends[2 * i], ends[2 * i + 1], steps, mode) for i in range(pairs)])
  images = run.decode(paths)
  if out is not None:
    _save(out, images, run.spec, steps, pairs)
  return images


def _save(out: str, images: np.ndarray, spec, steps: int, pairs: int) -> None:
  """A .png with a row per pair, or a .gif showing the pairs side by side, a frame per step."""
  upscale = GRID_UPSCALE.get(spec.shape[0], 1)
  if pathlib.Path(out).suffix == '.png':
    with writing(out):
      viz.save_image_grid(out, images, spec.value_range, ncols=steps, upscale=upscale)
    return
  by_step = images.reshape(pairs, steps, *spec.shape).swapaxes(0, 1)
  frames = [viz.image_grid(frame, spec.value_range, ncols=pairs).repeat(upscale, 0).repeat(upscale, 1)
            for frame in by_step]
  with writing(out):
    viz.save_gif(out, [frame.repeat(3 // frame.shape[-1], axis=-1) for frame in frames])  # RGB frames.


def interpolate_command(workdir: str, out: str, mode: str = 'spherical', steps: int = 10, pairs: int = 8,
                        seed: int = 0, encode: bool = False) -> None:
  """Writes the decoded paths of `pairs` pairs, `steps` points each, to `out` (.png or .gif)."""
  check_interpolation(out, mode, steps, pairs)
  interpolate(load(workdir), mode, steps, pairs, seed, encode, out)
