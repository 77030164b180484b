"""The plain autoencoder: its loss is the squared reconstruction error, and training lowers it."""
import functools

import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest

from genjax.config import optimizer_config
from genjax.core.state import TrainState, jit_init
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods import build_method
from genjax.methods.autoencoder import Autoencoder, model_config

SPEC = DataSpec(kind='image', shape=(8, 8, 1), value_range=(0.0, 1.0), num_classes=0, levels=17)


def make_autoencoder() -> Autoencoder:
  model = model_config()
  model.update(dict(hidden=(16,), latent_dim=3))
  return Autoencoder(model, ml_collections.ConfigDict({'ae': optimizer_config(learning_rate=3e-3)}), SPEC)


AE = make_autoencoder()


@functools.cache
def initial_state() -> TrainState:
  return jit_init(AE.init)(jax.random.key(1), SPEC.example_batch(1))


def test_loss_is_the_squared_error_of_the_reconstruction():
  params = initial_state().players['ae'].params
  x = jax.random.uniform(jax.random.key(0), (5, *SPEC.shape))

  @jax.jit
  def loss_and_by_hand(params):
    code, _ = AE.encoder.apply({'params': params['encoder']}, x)
    reconstruction = AE.decoder.apply({'params': params['decoder']}, code)
    return AE.loss(params, x), jnp.sum(jnp.square(x - reconstruction).reshape(5, -1), axis=1)

  np.testing.assert_allclose(*loss_and_by_hand(params), rtol=1e-5)


def test_training_lowers_the_loss_and_samples_decode_the_prior():
  state = initial_state()
  x = jax.random.uniform(jax.random.key(0), (32, *SPEC.shape))
  step = jax.jit(AE.train_step)
  first = step(state, {'x': x}, jax.random.key(0))[1]['loss']
  for i in range(30):
    state, metrics = step(state, {'x': x}, jax.random.key(i))
  assert metrics['loss'] < 0.5 * first
  samples, decoded = jax.jit(lambda state, key: (
      AE.sample(state, key, 6), AE.decode_mean(state.players['ae'].params, jax.random.normal(key, (6, 3)))))(
          state, jax.random.key(2))
  chex.assert_shape(samples, (6, *SPEC.shape))
  np.testing.assert_allclose(samples, decoded, rtol=1e-6)
  with pytest.raises(GenjaxError, match='unconditional'):
    jax.eval_shape(AE.sample, state, jax.random.key(2), 6, label=1)


def test_registered_as_ae():
  config = ml_collections.ConfigDict({'method': 'ae', 'model': model_config(), 'compute_dtype': 'float32',
                                      'optim': {'ae': optimizer_config()}})
  assert isinstance(build_method(config, SPEC), Autoencoder)
  config.model.latent_dim = 0
  with pytest.raises(GenjaxError, match='latent_dim'):
    build_method(config, SPEC)


def test_tanh_hidden_units_are_used_and_unknown_activations_refused():
  # Burda et al. 2016's MLPs are tanh: every hidden unit of the encoder's trunk lies in [-1, 1].
  model = model_config()
  model.update(dict(hidden=(16,), latent_dim=3, activation='tanh'))
  optim = ml_collections.ConfigDict({'ae': optimizer_config()})
  tanh_ae = Autoencoder(model, optim, SPEC)
  params = tanh_ae.init(jax.random.key(0), SPEC.example_batch(1)).players['ae'].params
  x = 50 * jax.random.normal(jax.random.key(1), (4, *SPEC.shape))
  _, hidden = tanh_ae.encoder.apply({'params': params['encoder']}, x, capture_intermediates=True,
                                    mutable='intermediates')
  trunk = hidden['intermediates']['trunk']['__call__'][0]
  assert jnp.all(jnp.abs(trunk) <= 1) and jnp.any(trunk < -0.9)  # ReLU is never negative, nor bounded.
  model.activation = 'softsign'
  with pytest.raises(GenjaxError, match="model.activation 'softsign' is not one of"):
    Autoencoder(model, optim, SPEC)
