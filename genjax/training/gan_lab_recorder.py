"""GAN Lab pictures of a GAN on 2-D points (Kahng et al. 2019): at every sample step, D's output as
the background, real and generated points, and the push D gives each generated point; the frames
stay in WORKDIR/gan_lab/ and are assembled into WORKDIR/gan_lab.gif."""
import pathlib

import jax
import jax.numpy as jnp
import numpy as np

from genjax import viz
from genjax.methods.base import AdversarialField

RESOLUTION = 64
_MARGIN = 0.25  # of the data's extent, on each side


def square_limits(real: np.ndarray) -> tuple[float, float]:
  """One (low, high) for both axes that holds the data with a margin: fixed for a whole run."""
  low, high = float(real.min()), float(real.max())
  margin = _MARGIN * (high - low)
  return low - margin, high + margin


class GanLabRecorder:
  """Draws and records the frames of one run of a method that shows its game (the GAN does)."""

  def __init__(self, method: AdversarialField, real: np.ndarray, workdir: pathlib.Path):
    self.method, self.real = method, np.asarray(real[:2500, :2])
    self.limits = square_limits(self.real)
    self.grid = viz.field_grid(self.limits, RESOLUTION)
    self.directory, self.gif = workdir / 'gan_lab', workdir / 'gan_lab.gif'
    self._fields = jax.jit(self._field_values)

  def _field_values(self, state, grid, samples):
    outputs = self.method.discriminator_outputs(state, grid)
    if self.method.loss.probabilistic:
      d = jax.nn.sigmoid(outputs)
    else:  # Critic scores are unbounded: min-max normalized over the picture.
      d = (outputs - outputs.min()) / jnp.maximum(outputs.max() - outputs.min(), 1e-12)
    return d, self.method.generator_push(state, samples)

  def frame(self, state, samples: np.ndarray, step: int) -> np.ndarray:
    d, push = jax.device_get(self._fields(state, self.grid, samples))
    return viz.draw_gan_lab_frame(self.real, samples, self.grid, d, push, self.limits, title=f'step {step}')

  def record(self, state, samples: np.ndarray, step: int) -> None:
    """Saves the frame of `step`."""
    viz.save_frame(self.directory, step, self.frame(state, samples, step))

  def finish(self) -> None:
    """Builds the GIF from every frame in the folder (a resumed run's earlier ones included): once, when
    the run ends or stops."""
    if self.directory.is_dir():
      viz.assemble_gif(self.directory, self.gif)
