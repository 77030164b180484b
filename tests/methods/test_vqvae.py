"""VQ-VAE: where each loss term's gradient goes, a few real steps of both players, restarts, samples."""
import functools

import chex
import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import pytest
from sklearn import datasets

from genjax.config import optimizer_config
from genjax.core.state import jit_init
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods.vqvae import VQVAE, model_config

SPEC = DataSpec(kind='image', shape=(8, 8, 1), value_range=(0.0, 1.0), num_classes=0, levels=17)
K = 8


def make_vqvae(spec=SPEC, **model_overrides) -> VQVAE:
  model = model_config()
  model.update(dict(features=(8,), code_dim=4, num_codes=K, prior_features=8, prior_layers=1, prior_kernel=3))
  model.update(model_overrides)
  optim = ml_collections.ConfigDict({'vqvae': optimizer_config(), 'prior': optimizer_config()})
  return VQVAE(model, optim, spec)


def digits(num: int = 8) -> dict:
  images = datasets.load_digits().images[:num] / 16.0
  return {'x': jnp.asarray(images[..., None], jnp.float32)}


@functools.cache
def initial_state(codebook_ema: bool):
  """One compiled init per codebook kind, shared by the tests (restart_after does not change it).

  An 'rbg' key: XLA:CPU compiles the init's threefry draws several times slower.
  """
  return jit_init(make_vqvae(codebook_ema=codebook_ema).init)(jax.random.key(0, impl='rbg'), digits())


def test_each_term_of_eq3_moves_only_its_own_parameters():
  """Reconstruction: encoder (straight through) and decoder; codebook term: the codes; commitment:
  the encoder; in the forward pass both codebook terms are ||z_e − z_q||², and loss = recon +
  codebook + β·commitment."""
  vqvae = make_vqvae(beta=0.25)
  player = initial_state(False).players['vqvae']
  moved = {'recon': {'encoder', 'decoder'}, 'codebook': {'codebook'}, 'commitment': {'encoder'}}
  term_fn = lambda params: vqvae.terms(params, player.batch_stats, digits()['x'])
  sums = lambda params: jnp.stack([term_fn(params)[0][term].sum() for term in moved])
  (terms, (z_e, codes)), jacobian = jax.jit(lambda p: (term_fn(p), jax.jacrev(sums)(p)))(player.params)
  gap = jnp.sum(jnp.square(z_e - player.params['codebook'][codes]), axis=(1, 2, 3))
  chex.assert_trees_all_close(terms, {'recon': terms['recon'], 'codebook': gap, 'commitment': gap,
                                      'loss': terms['recon'] + 1.25 * gap}, rtol=1e-5)
  for i, (term, names) in enumerate(moved.items()):
    nonzero = {name for name, g in jacobian.items() if any(np.any(leaf[i] != 0) for leaf in jax.tree.leaves(g))}
    assert nonzero == names, term


@pytest.mark.parametrize('codebook_ema', [False, True])
def test_dead_codes_restart_then_both_players_train(codebook_ema):
  """Step 1 starts with every code but code 0 out of reach: with restart_after = 1 each moves onto
  an encoder output of the batch (under EMA with count 1). Two more steps move every parameter."""
  vqvae = make_vqvae(codebook_ema=codebook_ema, restart_after=1)
  batch = digits(8)
  state = initial_state(codebook_ema)
  player = state.players['vqvae']
  far = vqvae.codebook(player.params, player.batch_stats).at[1:].set(1e3)
  if codebook_ema:
    player = player.replace(batch_stats={**player.batch_stats, 'codebook': far})
  else:
    player = player.replace(params={**player.params, 'codebook': far})
  state = state.replace(players={**state.players, 'vqvae': player})
  z_e = vqvae.encoder.apply({'params': player.params['encoder']}, batch['x']).reshape(-1, 4)
  step = jax.jit(vqvae.train_step)
  new, metrics = step(state, batch, jax.random.key(1))
  assert metrics['restarted'] == K - 1
  stats = new.players['vqvae'].batch_stats
  codebook = np.asarray(vqvae.codebook(new.players['vqvae'].params, stats))
  assert all(np.any(np.all(np.asarray(z_e) == code, axis=1)) for code in codebook[1:])
  np.testing.assert_array_equal(stats['unused_steps'], 0)
  if codebook_ema:
    assert 'codebook' not in new.players['vqvae'].params
    np.testing.assert_array_equal(stats['cluster_size'][1:], 1.0)
    np.testing.assert_array_equal(stats['cluster_sum'][1:], codebook[1:])

  for i in range(2):
    new, metrics = step(new, batch, jax.random.key(2 + i))
  expected = {'loss', 'recon', 'commitment', 'perplexity', 'restarted', 'prior_nll'} | (
      set() if codebook_ema else {'codebook'})
  assert set(metrics) == expected and all(np.isfinite(v) for v in metrics.values())
  assert 1 <= metrics['perplexity'] <= K
  for name in vqvae.players:
    before, after = state.players[name].params, new.players[name].params
    assert all(not np.array_equal(a, b) for a, b in zip(jax.tree.leaves(before), jax.tree.leaves(after)))


def test_samples_decode_prior_draws():
  vqvae = make_vqvae()
  samples = jax.jit(vqvae.sample, static_argnums=2)(initial_state(False), jax.random.key(9), 5)
  chex.assert_shape(samples, (5, *SPEC.shape))
  assert np.all((samples >= 0) & (samples <= 1))


@pytest.mark.parametrize('spec, overrides, message', [
    (SPEC, {'likelihood': 'laplace'}, "likelihood 'laplace'"),
    (SPEC, {'features': (8, 8, 8, 8)}, r'divisible by 2\^4'),
    (SPEC, {'codebook_decay': 1.0}, 'codebook_decay'),
    (SPEC, {'prior_kernel': 4}, 'prior_kernel'),
    (SPEC, {'num_codes': 0}, 'num_codes'),
    (DataSpec('image', (8, 8, 1), (-1.0, 1.0), 0, 17), {}, "range 'unit'"),
    (DataSpec('points', (2,), (-1.0, 1.0), 0, 0), {}, 'needs image data'),
])
def test_bad_settings_are_one_line_errors(spec, overrides, message):
  with pytest.raises(GenjaxError, match=message):
    make_vqvae(spec, **overrides)
