"""Each player's optimizer and EMA decay from config.optim."""
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import optimizer_config
from genjax.core.optim import player_optimizers
from genjax.errors import GenjaxError

OPTIM = ml_collections.ConfigDict({'generator': optimizer_config(ema_decay=0.999),
                                   'discriminator': optimizer_config(learning_rate=0.1)})


def test_each_named_entry_gets_its_optimizer_and_ema_decay():
  optimizers, ema_decay = player_optimizers(OPTIM, ('generator', 'discriminator'))
  assert ema_decay == {'generator': 0.999, 'discriminator': 0.0}
  params = {'w': jnp.ones(3)}
  d = optimizers['discriminator']
  updates, _ = d.update({'w': jnp.full(3, 5.0)}, d.init(params), params)
  np.testing.assert_allclose(updates['w'], -0.1, rtol=1e-5)  # Adam's first step: -learning_rate * sign.
  with pytest.raises(GenjaxError, match='config.optim has no entry for classifier'):
    player_optimizers(OPTIM, ('generator', 'classifier'))


def test_only_the_differentiable_ones_differentiate_through_a_zero_gradient():
  optimizers, _ = player_optimizers(OPTIM, ('generator', 'discriminator'), differentiable=('discriminator',))
  params = {'w': jnp.ones(3)}

  def updated(optimizer, scale):
    updates, _ = optimizer.update({'w': scale * jnp.zeros(3)}, optimizer.init(params), params)
    return updates['w'].sum()

  assert np.isfinite(jax.grad(lambda s: updated(optimizers['discriminator'], s))(1.0))
  assert np.isnan(jax.grad(lambda s: updated(optimizers['generator'], s))(1.0))
