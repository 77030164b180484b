"""Per-batch random transforms the trainer applies with a fresh key every step."""
import jax
import jax.numpy as jnp
import ml_collections

from genjax.core.rng import streams
from genjax.errors import GenjaxError


def check_transform(data_cfg: ml_collections.ConfigDict, levels: int) -> None:
  """Rejects transform settings that do not fit each other or the data."""
  if data_cfg.binarize and data_cfg.dequantize:
    raise GenjaxError('data.binarize and data.dequantize cannot both be on')
  if data_cfg.binarize and data_cfg.range != 'unit':
    raise GenjaxError(f"data.binarize needs data.range 'unit', got {data_cfg.range!r}")
  if data_cfg.dequantize and levels < 2:
    raise GenjaxError('data.dequantize needs integer pixels; this data is continuous')


def random_flip(x: jax.Array, key: jax.Array) -> jax.Array:
  """Each image of `x` [..., H, W, C] mirrored left-right (its W axis reversed) with probability 1/2,
  independently, as `key` draws; jittable."""
  flipped = jax.random.bernoulli(key, 0.5, x.shape[:-3])
  return jnp.where(flipped[..., None, None, None], jnp.flip(x, axis=-2), x)


def batch_transform(
    x: jax.Array,
    key: jax.Array,
    data_cfg: ml_collections.ConfigDict,
    dataset_levels: int,
    value_range: tuple[float, float],
    augment: bool = True,
) -> jax.Array:
  """Applies the configured per-batch transform to a preprocessed batch; jittable.

  - `random_flip` (with `augment`): `random_flip`, first. A flip is an exact permutation of the
    stored pixels, so they stay on the quantization grid that dequantize reads; the noise below is
    i.i.d. per pixel, so either order gives the same distribution, and last it is what the
    likelihood sees. With the flip off, the noise is drawn from `key` itself, as before flips existed.
  - `binarize`: dynamic binarization, x ~ Bernoulli(x), for x in [0, 1].
  - `dequantize`: uniform dequantization (Theis et al. 2016, "A note on the evaluation of
    generative models"): level v becomes (v + u) / levels with u ~ U[0, 1), mapped into
    `value_range`.
  - neither: the identity.

  Args:
    x: a batch as `Dataset` holds it, in `value_range`.
    key: a PRNG key used for this batch only.
    data_cfg: the `data` config; its flags are read at trace time.
    dataset_levels: `Dataset.levels`.
    value_range: `Dataset.value_range`.
    augment: False leaves out the augmentation (evaluation transforms held-out data without it).

  Returns:
    The transformed batch, with the shape and dtype of `x`.
  """
  check_transform(data_cfg, dataset_levels)
  if augment and data_cfg.random_flip:
    flip_key, key = streams(key, 'flip', 'pixels')
    x = random_flip(x, flip_key)
  if data_cfg.binarize:
    return jax.random.bernoulli(key, x).astype(x.dtype)
  if data_cfg.dequantize:
    low, high = value_range
    level = jnp.round((x - low) / (high - low) * (dataset_levels - 1))
    unit = (level + jax.random.uniform(key, x.shape, x.dtype)) / dataset_levels
    return (low + (high - low) * unit).astype(x.dtype)
  return x
