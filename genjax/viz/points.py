"""Scatter plots of 2D samples, for the toy data sets (ring, grid, swiss roll)."""
import os

import numpy as np

from genjax.core.files import atomic_write
from genjax.viz.figure import agg_figure


def check_points(name: str, points: np.ndarray) -> np.ndarray:
  points = np.asarray(points, np.float32)
  if points.ndim != 2 or points.shape[1] != 2:
    raise ValueError(f'Expected {name} [N, 2], got shape {points.shape}.')
  return points


def save_points_plot(
    path: str | os.PathLike[str],
    samples: np.ndarray,
    real: np.ndarray | None = None,
    title: str = '',
    limits: tuple[float, float] | None = None,
) -> None:
  """Writes generated points over real points as a PNG, atomically.

  Draws through matplotlib's Agg canvas directly: no pyplot, no global backend, no display.

  Args:
    path: the PNG to write; its directory must exist.
    samples: generated points, [N, 2].
    real: data points, [M, 2], drawn underneath; None draws the samples alone.
    title: the plot's title.
    limits: (low, high) for both axes; None fits the points.
  """
  samples = check_points('samples', samples)
  figure = agg_figure(5, 5)
  axes = figure.add_subplot()
  if real is not None:
    real = check_points('real', real)
    axes.scatter(real[:, 0], real[:, 1], s=2, c='tab:blue', alpha=0.5, label='real')
  axes.scatter(samples[:, 0], samples[:, 1], s=2, c='tab:orange', alpha=0.7, label='generated')
  if limits is not None:
    axes.set_xlim(limits)
    axes.set_ylim(limits)
  axes.set_aspect('equal')
  axes.set_title(title)
  axes.legend(loc='upper right', markerscale=4)
  figure.tight_layout()
  with atomic_write(path) as tmp:
    figure.savefig(tmp, format='png')
