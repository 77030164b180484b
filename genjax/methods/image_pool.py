"""A history of generated images for the discriminator (Shrivastava et al. 2017, Sec. 2.3; CycleGAN,
Zhu et al. 2017, Sec. 4: a buffer of the 50 last generated images).

D is shown generated images drawn partly from earlier generators, which damps oscillation. The pool
is a pytree ({'images' [size, ...], 'count'}), updated by a pure function, so it lives in the train
state. Each new image, in batch order: while the pool holds fewer than `size` images it is stored and
returned; once full, with probability 1/2 it replaces a uniformly chosen stored image and that
stored image is returned, else the new image itself is returned. So from a full pool half the
returned images are, on average, older ones.
"""
import jax
import jax.numpy as jnp

SWAP_PROBABILITY = 0.5


def empty_pool(size: int, image_shape: tuple[int, ...]) -> dict:
  """A pool of `size` images of `image_shape`, none stored yet."""
  return {'images': jnp.zeros((size, *image_shape), jnp.float32), 'count': jnp.zeros((), jnp.int32)}


def query(pool: dict, images: jax.Array, key: jax.Array) -> tuple[jax.Array, dict]:
  """Images [B, ...] for D, as many as `images`, and the updated pool; a pool of size 0 returns
  `images` and stays empty."""
  size = pool['images'].shape[0]
  if size == 0:
    return images, pool

  def one(pool: dict, inputs: tuple[jax.Array, jax.Array]) -> tuple[dict, jax.Array]:
    image, key = inputs
    swap_key, index_key = jax.random.split(key)
    full = pool['count'] >= size
    swap = full & jax.random.bernoulli(swap_key, SWAP_PROBABILITY)
    slot = jnp.where(full, jax.random.randint(index_key, (), 0, size), pool['count'])
    returned = jnp.where(swap, pool['images'][slot], image)
    store = ~full | swap
    stored = jnp.where(store, image, pool['images'][slot])
    return {'images': pool['images'].at[slot].set(stored),
            'count': jnp.minimum(pool['count'] + 1, size)}, returned

  pool, returned = jax.lax.scan(one, pool, (images.astype(jnp.float32), jax.random.split(key, len(images))))
  return returned, pool
