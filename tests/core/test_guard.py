"""The divergence guard: a non-finite step is skipped inside the jitted step and counted; a run of
skips stops training with a clear error, leaving only finite checkpoints."""
import json

import chex
import hypothesis
import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from genjax.cli import main
from genjax.core import guard
from genjax.errors import GenjaxError
from genjax.runs.latest import load_latest
from genjax.training.trainer import train
from tests.conftest import CONFIGS, tiny_config, tiny_overrides


def test_keep_if_finite_selects_the_old_state_on_any_nonfinite_value():
  old = {'w': jnp.zeros(3), 'count': jnp.array(1)}
  new = {'w': jnp.ones(3), 'count': jnp.array(2)}
  kept, metrics = jax.jit(guard.keep_if_finite)(old, new, {'loss': jnp.array(0.5)})
  chex.assert_trees_all_equal(kept, new)
  assert metrics['skipped'] == 0.0 and metrics['loss'] == 0.5
  for bad_new, bad_metrics in (({'w': jnp.array([1.0, jnp.nan, 1.0]), 'count': jnp.array(2)}, {'loss': 0.5}),
                               (new, {'loss': jnp.inf})):
    kept, metrics = guard.keep_if_finite(old, bad_new, bad_metrics)
    chex.assert_trees_all_equal(kept, old)
    assert metrics['skipped'] == 1.0


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(size=st.integers(1, 300), position=st.integers(0, 299), dtype=st.sampled_from(['float32', 'bfloat16']),
                  bad=st.sampled_from([np.nan, np.inf, -np.inf, None]), scale=st.sampled_from([0.0, 1e-30, 1.0, 3e38]))
def test_all_finite_is_false_exactly_when_a_value_is_nan_or_infinite(size, position, dtype, bad, scale):
  values = np.linspace(-scale, scale, size).astype(np.float32)
  if bad is not None:
    values[position % size] = bad
  tree = {'w': jnp.asarray(values, dtype), 'empty': jnp.zeros((0, 3)), 'count': jnp.array(7)}
  assert bool(jax.jit(guard.all_finite)(tree)) == bool(np.isfinite(values).all()) == (bad is None)


def test_consecutive_skips_count_across_logs_and_reset():
  skips = guard.ConsecutiveSkips(3)
  skips.update(np.array([1.0, 0.0, 1.0, 1.0]), step=4)  # a skip, a good step, then two skips
  with pytest.raises(GenjaxError, match='the last 3 steps up to step 5'):
    skips.update(np.array([1.0]), step=5)
  sweep = guard.ConsecutiveSkips(2)
  sweep.update(np.array([[1.0, 1.0], [0.0, 1.0]]), step=2)  # seed 1 has one skip: both must have two
  with pytest.raises(GenjaxError, match='diverged'):
    sweep.update(np.array([[1.0], [1.0]]), step=3)
  never = guard.ConsecutiveSkips(0)
  never.update(np.ones(100), step=100)


def test_a_nan_batch_is_skipped_not_learned(tmp_path):
  """Step 2's batch is NaN: the run ends where a clean 2-step run ends, and logs the skip."""
  skipped = train(tiny_config('vae_digits', 'steps=3', 'log_every=3', 'nan_batches_at=(2,)'),
                  str(tmp_path / 'skipped'), progress=False)
  clean = train(tiny_config('vae_digits', 'steps=2'), str(tmp_path / 'clean'), progress=False)
  assert int(skipped.step) == 3
  chex.assert_trees_all_equal(jax.device_get(skipped.players), jax.device_get(clean.players))
  line = json.loads((tmp_path / 'skipped' / 'metrics.jsonl').read_text().splitlines()[-1])
  assert line['skipped'] == pytest.approx(1 / 3)


def test_consecutive_nonfinite_steps_stop_the_run_with_finite_checkpoints(tmp_path, capsys):
  workdir = tmp_path / 'run'
  args = [f'--config.{o}' for o in tiny_overrides('vae_digits')] + [
      '--config.steps=8', '--config.log_every=2', '--config.checkpoint_every=2',
      '--config.nan_batches_at=(1, 2, 3, 4, 5, 6)', '--config.max_consecutive_skips=3']
  assert main(['train', '--config', str(CONFIGS / 'vae_digits.py'), '--workdir', str(workdir),
               '--no_progress', *args]) == 2
  error = capsys.readouterr().err
  assert 'training diverged: the last 3 steps up to step 4' in error and len(error.strip().splitlines()) == 1
  _, state, _, step = load_latest(str(workdir))
  assert step == 2 and guard.all_finite(state)
