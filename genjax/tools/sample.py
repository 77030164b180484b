"""Samples from a trained run: `genjax sample --workdir DIR --num N --out FILE [--seed S]`."""
import pathlib

import jax

from genjax.core.files import checked_output, write_npz_atomic, writing
from genjax.errors import GenjaxError
from genjax.methods.base import Sampler, Translator
from genjax.runs.latest import draw_samples, load_latest
from genjax.viz.samples import save_sample_picture


def sample_command(workdir: str, num: int, out: str, seed: int, label: int | None = None) -> None:
  """Writes `num` samples (of class `label` for a conditional model) to `out`: a .png grid (or
  scatter) or a .npz with the array `samples`."""
  suffix = checked_output(out, ('.png', '.npz'), num)
  method, state, spec, step = load_latest(workdir)
  if not isinstance(method, Sampler):
    translates = ': it translates images (genjax translate)' if isinstance(method, Translator) else ''
    raise GenjaxError(f'{workdir}: a {type(method).__name__} run draws no samples{translates}')
  if label is not None and not 0 <= label < spec.num_classes:
    raise GenjaxError(f'--label {label} is not a class of this run (it has {spec.num_classes})')
  samples = draw_samples(method, state, jax.random.key(seed), num, label)
  with writing(out):
    if suffix == '.png':
      save_sample_picture(pathlib.Path(out), samples, spec)
    else:
      write_npz_atomic(out, {'samples': samples})
  print(f'wrote {num} samples of step {step} to {out}')
