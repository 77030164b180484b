"""Samples from a trained run: `genjax sample --workdir DIR --num N --out FILE [--seed S]`."""
import pathlib

from genjax.core.files import checked_output, write_npz_atomic, writing
from genjax.runs.run import load
from genjax.viz.samples import save_sample_picture


def sample_command(workdir: str, num: int, out: str, seed: int, label: int | None = None) -> None:
  """Writes `num` samples (of class `label` for a conditional model) to `out`: a .png grid (or
  scatter) or a .npz with the array `samples` (`Run.sample` draws them)."""
  suffix = checked_output(out, ('.png', '.npz'), num)
  run = load(workdir)
  samples = run.sample(num, seed, label)
  with writing(out):
    if suffix == '.png':
      save_sample_picture(pathlib.Path(out), samples, run.spec)
    else:
      write_npz_atomic(out, {'samples': samples})
  print(f'wrote {num} samples of step {run.step} to {out}')
