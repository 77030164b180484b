"""GAN Lab-style frames (Kahng et al. 2019): a 2D GAN drawn over its discriminator's output.

Numpy in, pixels out: the caller evaluates the networks at `field_grid` points and at its samples.
"""
import numpy as np

from genjax.viz.figure import agg_figure
from genjax.viz.points import check_points

# Diverging purple (D = 0, fake) to green (D = 1, real), as GAN Lab colours its background.
CMAP = 'PRGn'
MAX_ARROWS = 200
# The longest arrow of a frame spans this fraction of the axis range.
_ARROW_FRACTION = 0.08


def field_grid(limits: tuple[float, float], resolution: int) -> np.ndarray:
  """The points at which to evaluate a field that `draw_gan_lab_frame` draws.

  The points are the centres of an R x R tiling of the square [low, high]^2, row-major from the
  bottom: point r * R + c is (centres[c], centres[r]), with centres increasing from low to high.

  Args:
    limits: (low, high) for both axes.
    resolution: R, the cells per axis.

  Returns:
    float32 [R * R, 2].

  Raises:
    ValueError: for resolution < 1 or low >= high.
  """
  low, high = limits
  if resolution < 1 or not high > low:
    raise ValueError(f'Expected resolution >= 1 and low < high, got {resolution} and {limits}.')
  centres = low + (np.arange(resolution) + 0.5) * (high - low) / resolution
  xs, ys = np.meshgrid(centres, centres)
  return np.stack([xs.ravel(), ys.ravel()], axis=1).astype(np.float32)


def field_image(values: np.ndarray, resolution: int) -> np.ndarray:
  """Reshapes values at `field_grid` points, [R * R, ...], to [R, R, ...]: [row y, column x].

  Row 0 is the lowest y, as `imshow(..., origin='lower')` expects.
  """
  values = np.asarray(values)
  if values.ndim == 0 or values.shape[0] != resolution * resolution:
    raise ValueError(f'Expected [{resolution * resolution}, ...] values, got shape {values.shape}.')
  return values.reshape(resolution, resolution, *values.shape[1:])


def _check_field(grid_points, d_values, limits) -> np.ndarray:
  """D(x) as an [R, R] image, after checking it against the grid it was evaluated on."""
  grid_points = check_points('grid_points', grid_points)
  resolution = int(round(np.sqrt(len(grid_points))))
  if len(grid_points) == 0 or resolution * resolution != len(grid_points):
    raise ValueError(f'Expected grid_points from field_grid, [R * R, 2], got {len(grid_points)}.')
  if not np.allclose(grid_points, field_grid(limits, resolution), atol=1e-5 * (limits[1] - limits[0])):
    raise ValueError(f'Expected grid_points == field_grid({limits}, {resolution}).')
  d_values = np.asarray(d_values, np.float32)
  if d_values.shape not in ((len(grid_points),), (len(grid_points), 1)):
    raise ValueError(f'Expected d_values [{len(grid_points)}] (one per grid point), '
                     f'got shape {d_values.shape}.')
  if not np.all((d_values >= 0) & (d_values <= 1)):
    raise ValueError('Expected d_values in [0, 1]: pass sigmoid(score) or a min-max normalized '
                     f'score for a critic; got range [{d_values.min()}, {d_values.max()}].')
  return field_image(d_values.reshape(-1), resolution)


def draw_gan_lab_frame(
    real: np.ndarray,
    fake: np.ndarray,
    grid_points: np.ndarray,
    d_values: np.ndarray,
    fake_gradients: np.ndarray,
    limits: tuple[float, float],
    title: str = '',
) -> np.ndarray:
  """Draws real and generated points, the generator's push on them, over D(x), as pixels.

  The background is D(x) on `grid_points`, purple (0, fake) to green (1, real), with a colour bar.
  Arrows start at the first `MAX_ARROWS` generated points and point along `fake_gradients`. Their
  lengths are scaled by one factor per frame so that the longest spans 8% of the axis range: they
  compare within a frame, not across frames. Axes are fixed to `limits`, so frames line up.

  Args:
    real: data points, [M, 2].
    fake: generated points, [N, 2].
    grid_points: `field_grid(limits, R)`, [R * R, 2].
    d_values: D at `grid_points`, [R * R] (or [R * R, 1]), probabilities of "real" in [0, 1].
      For a critic with unbounded scores (WGAN), pass sigmoid(score) or a min-max normalized score.
    fake_gradients: the direction each generated point is pushed, [N, 2]: minus the gradient of
      the generator's loss with respect to the point.
    limits: (low, high) for both axes; the limits `grid_points` were made with.
    title: the frame's title.

  Returns:
    uint8 [H, W, 3] pixels, 600 x 500 (W x H).

  Raises:
    ValueError: for a malformed shape, grid or d_values outside [0, 1].
  """
  real = check_points('real', real)
  fake = check_points('fake', fake)
  fake_gradients = np.asarray(fake_gradients, np.float32)
  if fake_gradients.shape != fake.shape:
    raise ValueError(f'Expected fake_gradients shaped like fake {fake.shape}, '
                     f'got {fake_gradients.shape}.')
  d_image = _check_field(grid_points, d_values, limits)
  low, high = limits
  figure = agg_figure(6, 5)
  axes = figure.add_subplot()
  image = axes.imshow(d_image, cmap=CMAP, vmin=0.0, vmax=1.0, origin='lower',
                      extent=(low, high, low, high), interpolation='bilinear')
  figure.colorbar(image, ax=axes, label='D(x): 0 = fake (purple), 1 = real (green)')
  axes.scatter(real[:, 0], real[:, 1], s=3, c='tab:blue', alpha=0.6, label='real')
  axes.scatter(fake[:, 0], fake[:, 1], s=3, c='tab:orange', alpha=0.8, label='generated')
  starts, pushes = fake[:MAX_ARROWS], fake_gradients[:MAX_ARROWS]
  longest = np.linalg.norm(pushes, axis=1).max(initial=0.0)
  if longest > 0:
    pushes = pushes * (_ARROW_FRACTION * (high - low) / longest)
    axes.quiver(starts[:, 0], starts[:, 1], pushes[:, 0], pushes[:, 1], angles='xy',
                scale_units='xy', scale=1, width=0.003, color='black', alpha=0.6)
  axes.set_xlim(limits)
  axes.set_ylim(limits)
  axes.set_aspect('equal')
  axes.set_title(title)
  axes.legend(loc='upper right', markerscale=4)
  figure.canvas.draw()
  return np.asarray(figure.canvas.buffer_rgba())[..., :3].copy()
