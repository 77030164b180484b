"""Latent-space pictures: interpolation paths, the decoded manifold of a 2-D latent space, and
encoded points coloured by label beside samples of the prior (the course's AE / VAE / AAE figures)."""
import os

import numpy as np
from scipy import stats

from genjax.core.files import atomic_write
from genjax.viz.figure import agg_figure
from genjax.viz.points import check_points


def interpolation_path(start: np.ndarray, end: np.ndarray, steps: int, kind: str = 'linear') -> np.ndarray:
  """`steps` points from `start` to `end` (both included), [steps, D].

  'linear' is (1 − t)·a + t·b; 'spherical' is slerp (Shoemake 1985; White 2016, "Sampling
  generative networks"), sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b with Ω the angle between a and b,
  which keeps Gaussian latents at a typical norm; it falls back to linear for (anti)parallel ends.
  """
  if steps < 2:
    raise ValueError(f'Expected steps >= 2, got {steps}.')
  a, b = np.asarray(start, np.float64).ravel(), np.asarray(end, np.float64).ravel()
  t = np.linspace(0.0, 1.0, steps)[:, None]
  if kind == 'linear':
    return ((1 - t) * a + t * b).astype(np.float32)
  if kind != 'spherical':
    raise ValueError(f"Expected kind 'linear' or 'spherical', got {kind!r}.")
  cosine = a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12)
  omega = np.arccos(np.clip(cosine, -1.0, 1.0))
  if np.sin(omega) < 1e-6:
    return ((1 - t) * a + t * b).astype(np.float32)
  return ((np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)).astype(np.float32)


def manifold_latents(num: int, gaussian: bool = True, span: float = 2.0) -> np.ndarray:
  """A num x num grid of 2-D latents, row by row (top row = largest z_2), [num * num, 2].

  With `gaussian`, the grid is at the N(0, 1) quantiles of (0.05 .. 0.95), as Kingma & Welling
  2014 (Fig. 4) draw the learned MNIST manifold; else evenly spaced in [−span, span].
  """
  if num < 2:
    raise ValueError(f'Expected num >= 2, got {num}.')
  axis = stats.norm.ppf(np.linspace(0.05, 0.95, num)) if gaussian else np.linspace(-span, span, num)
  z1, z2 = np.meshgrid(axis, axis[::-1])
  return np.stack([z1.ravel(), z2.ravel()], axis=1).astype(np.float32)


def save_latent_scatter(
    path: str | os.PathLike[str],
    codes: np.ndarray,
    labels: np.ndarray | None = None,
    prior: np.ndarray | None = None,
    title: str = '',
) -> None:
  """Writes a PNG of encoded points (the first two latent dimensions), coloured by label, with
  samples of the prior on a second panel when given (prior vs aggregate posterior). Atomic."""
  codes = check_points('codes', np.asarray(codes)[:, :2])
  if labels is not None and len(labels) != len(codes):
    raise ValueError(f'Expected one label per code, got {len(labels)} labels for {len(codes)} codes.')
  panels = 1 if prior is None else 2
  figure = agg_figure(5 * panels, 5)
  axes = figure.add_subplot(1, panels, 1)
  scatter = axes.scatter(codes[:, 0], codes[:, 1], s=3, c=labels, cmap='tab10' if labels is not None else None)
  if labels is not None:
    figure.colorbar(scatter, ax=axes, ticks=np.unique(labels))
  axes.set_title(title or 'encoded test points')
  axes.set_aspect('equal')
  if prior is not None:
    prior = check_points('prior', np.asarray(prior)[:, :2])
    other = figure.add_subplot(1, 2, 2, sharex=axes, sharey=axes)
    other.scatter(prior[:, 0], prior[:, 1], s=3, c='tab:gray')
    other.set_title('samples of the prior')
    other.set_aspect('equal')
  figure.tight_layout()
  with atomic_write(path) as tmp:
    figure.savefig(tmp, format='png')
