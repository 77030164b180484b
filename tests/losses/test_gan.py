"""Tests for genjax.losses.gan."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from genjax.losses import ADVERSARIAL_LOSSES, adversarial_loss, smoothed_real_targets

discriminator_loss = adversarial_loss('non_saturating').discriminator


def generator_loss(fake, kind):
  return adversarial_loss(kind).generator(fake)

_LOGITS = hnp.arrays(np.float32, (8,), elements=st.floats(-30, 30, width=32))


def _softplus(x: np.ndarray) -> np.ndarray:
  return np.logaddexp(0.0, x.astype(np.float64))


@settings(max_examples=30, deadline=None)
@given(_LOGITS, _LOGITS)
def test_discriminator_loss_is_bce(real, fake):
  expected = _softplus(-real).mean() + _softplus(fake).mean()
  np.testing.assert_allclose(jax.jit(discriminator_loss)(real, fake), expected, rtol=1e-5, atol=1e-5)


def test_discriminator_loss_with_soft_targets():
  real = np.array([2.0, -1.0, 0.5], np.float32)
  fake = np.array([-3.0, 1.0], np.float32)
  targets = np.array([0.7, 0.8, 0.9], np.float32)
  bce = targets * _softplus(-real) + (1 - targets) * _softplus(real)
  expected = bce.mean() + _softplus(fake).mean()
  np.testing.assert_allclose(discriminator_loss(real, fake, targets), expected, rtol=1e-6)
  np.testing.assert_allclose(
      discriminator_loss(real, fake, 0.9),
      discriminator_loss(real, fake, np.full(3, 0.9, np.float32)),
      rtol=1e-6,
  )


@settings(max_examples=30, deadline=None)
@given(_LOGITS)
def test_generator_losses(logits):
  sigmoid = 1 / (1 + np.exp(-logits.astype(np.float64)))
  minimax = generator_loss(logits, 'minimax')
  np.testing.assert_allclose(minimax, -_softplus(logits).mean(), rtol=1e-5, atol=1e-5)
  np.testing.assert_allclose(minimax, np.log1p(-sigmoid).mean(), rtol=1e-4, atol=1e-4)
  non_saturating = generator_loss(logits, 'non_saturating')
  np.testing.assert_allclose(non_saturating, _softplus(-logits).mean(), rtol=1e-5, atol=1e-5)
  # log(1 - D) = log D - l: the two objectives differ by the mean logit.
  np.testing.assert_allclose(minimax, -non_saturating - logits.mean(), rtol=1e-4, atol=1e-4)


def test_generator_gradients():
  """The minimax gradient vanishes as D(G(z)) -> 0; the non-saturating one tends to -1/B."""
  logits = jnp.array([-20.0, -5.0, 0.0, 5.0])
  sigmoid = jax.nn.sigmoid(logits)
  grad_minimax = jax.grad(generator_loss)(logits, 'minimax')
  grad_non_saturating = jax.grad(generator_loss)(logits, 'non_saturating')
  np.testing.assert_allclose(grad_minimax, -sigmoid / 4, rtol=1e-5)
  np.testing.assert_allclose(grad_non_saturating, -(1 - sigmoid) / 4, rtol=1e-5)
  assert abs(grad_minimax[0]) < 1e-9
  np.testing.assert_allclose(grad_non_saturating[0], -0.25, rtol=1e-6)


def test_losses_finite_for_extreme_logits():
  logits = jnp.array([-100.0, 100.0])
  values = [discriminator_loss(logits, logits)]
  values += [generator_loss(logits, kind) for kind in ('minimax', 'non_saturating')]
  values += [jax.grad(generator_loss)(logits, kind) for kind in ('minimax', 'non_saturating')]
  assert all(np.all(np.isfinite(v)) for v in values)


def test_minimax_and_non_saturating_share_the_discriminator():
  assert ADVERSARIAL_LOSSES['minimax'].discriminator is ADVERSARIAL_LOSSES['non_saturating'].discriminator


@settings(max_examples=30, deadline=None)
@given(_LOGITS, _LOGITS)
def test_hinge_least_squares_wasserstein_by_hand(real, fake):
  real64, fake64 = real.astype(np.float64), fake.astype(np.float64)
  expected = {
      'hinge': (np.maximum(0, 1 - real64).mean() + np.maximum(0, 1 + fake64).mean(), -fake64.mean()),
      'least_squares': (0.5 * ((real64 - 1)**2).mean() + 0.5 * (fake64**2).mean(),
                        0.5 * ((fake64 - 1)**2).mean()),
      'wasserstein': (fake64.mean() - real64.mean(), -fake64.mean()),
  }
  for kind, (d_expected, g_expected) in expected.items():
    loss = adversarial_loss(kind)
    np.testing.assert_allclose(jax.jit(loss.discriminator)(real, fake), d_expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(jax.jit(loss.generator)(fake), g_expected, rtol=1e-5, atol=1e-4)


def test_hinge_at_the_margin():
  """D outputs beyond the margins (real >= 1, fake <= -1) cost D nothing."""
  hinge = adversarial_loss('hinge').discriminator
  assert float(hinge(jnp.array([1.0, 3.0]), jnp.array([-1.0, -7.0]))) == 0.0
  np.testing.assert_allclose(hinge(jnp.array([0.0]), jnp.array([0.0])), 2.0)


def test_label_smoothing_only_with_cross_entropy():
  for kind in ('hinge', 'least_squares', 'wasserstein'):
    assert not ADVERSARIAL_LOSSES[kind].probabilistic
    with pytest.raises(ValueError, match='cross-entropy'):
      adversarial_loss(kind).discriminator(jnp.zeros(3), jnp.zeros(3), jnp.full(3, 0.8))


def test_unknown_loss_names_the_choices():
  with pytest.raises(ValueError, match="hinge.*least_squares.*minimax.*non_saturating.*wasserstein"):
    adversarial_loss('relativistic')


def test_smoothed_real_targets():
  key = jax.random.key(0)
  targets = smoothed_real_targets(key, (1000,))
  assert targets.shape == (1000,) and targets.dtype == jnp.float32
  assert np.all((targets >= 0.7) & (targets <= 0.9))
  assert np.unique(np.asarray(targets)).size > 1
  np.testing.assert_array_equal(targets, smoothed_real_targets(key, (1000,)))
  assert not np.array_equal(targets, smoothed_real_targets(jax.random.key(1), (1000,)))
  custom = smoothed_real_targets(key, (4, 2), low=0.8, high=1.0)
  assert custom.shape == (4, 2) and np.all((custom >= 0.8) & (custom <= 1.0))
