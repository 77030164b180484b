"""Degradations y = A(x) of images [B, H, W, C] for inverse problems (`genjax restore`).

  inpaint    y = x where observed, 0 elsewhere: a 'center' square of side H/2 is missing, or a
             'random' `fraction` of the pixels (one mask for the whole batch, all channels).
  superres   average pooling by `factor`: y is [B, H/f, W/f, C].
  colorize   the channel mean: y is [B, H, W, 1] (on one-channel data it would be the identity).

Each operator is a pytree (it passes through jit) with `forward(x)` and `lift(y)`: a rough inverse
of y at x's shape (missing pixels filled with the observed mean, nearest upsampling, gray copied to
every channel), shown as "the observation" and fed to an encoder as a starting point.
"""
import flax.struct
import jax
import jax.numpy as jnp

from genjax.errors import GenjaxError, check_choice

TASKS = ('inpaint', 'superres', 'colorize')
MASKS = ('center', 'random')


@flax.struct.dataclass
class Operator:
  task: str = flax.struct.field(pytree_node=False)
  factor: int = flax.struct.field(pytree_node=False, default=1)
  mask: jax.Array | None = None  # [H, W, 1], True where observed (inpainting only).

  def forward(self, x: jax.Array) -> jax.Array:
    """y = A(x)."""
    if self.task == 'inpaint':
      return jnp.where(self.mask, x, 0.0)
    if self.task == 'superres':
      b, h, w, c = x.shape
      f = self.factor
      return x.reshape(b, h // f, f, w // f, f, c).mean(axis=(2, 4))
    return x.mean(axis=-1, keepdims=True)

  def lift(self, y: jax.Array, channels: int) -> jax.Array:
    """A picture of y at the shape of x ([B, H, W, `channels`])."""
    if self.task == 'inpaint':
      mask = jnp.broadcast_to(self.mask, y.shape)
      count = jnp.maximum(mask.sum(axis=(1, 2, 3), keepdims=True), 1)
      observed_mean = (y * mask).sum(axis=(1, 2, 3), keepdims=True) / count
      return jnp.where(mask, y, observed_mean)
    if self.task == 'superres':
      return y.repeat(self.factor, axis=1).repeat(self.factor, axis=2)
    return jnp.repeat(y, channels, axis=-1)


def make_operator(task: str, shape: tuple[int, int, int], key: jax.Array, mask: str = 'center',
                  fraction: float = 0.5, factor: int = 2) -> Operator:
  """The operator of `task` for images of `shape` (H, W, C); `key` draws a 'random' mask.

  Raises:
    GenjaxError: an unknown task or mask, a fraction outside (0, 1), a factor < 2 that does not
      divide H and W, or colorize on one-channel images.
  """
  check_choice('--task', task, TASKS)
  h, w, c = shape
  if task == 'inpaint':
    check_choice('--mask', mask, MASKS)
    if not 0 < fraction < 1:
      raise GenjaxError(f'--fraction (of missing pixels) must be in (0, 1), got {fraction}')
    if mask == 'random':
      return Operator('inpaint', mask=jax.random.uniform(key, (h, w, 1)) >= fraction)
    rows, cols = jnp.arange(h)[:, None, None], jnp.arange(w)[None, :, None]
    missing = (abs(2 * rows - (h - 1)) < h // 2) & (abs(2 * cols - (w - 1)) < w // 2)
    return Operator('inpaint', mask=~missing)
  if task == 'superres':
    if factor < 2 or h % factor or w % factor:
      raise GenjaxError(f'--factor must be >= 2 and divide the image size {h}x{w}, got {factor}')
    return Operator('superres', factor=factor)
  if c == 1:
    raise GenjaxError('colorize needs colour images: on one-channel data grayscale is the identity')
  return Operator('colorize')
