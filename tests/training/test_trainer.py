"""The trainer: reproducibility, exact resume, no retracing, what a run leaves, bad checkpoints."""
import json
import re
import shutil
import types

import chex
import hypothesis
import hypothesis.strategies as st
import jax
import ml_collections
import numpy as np
import pytest

from genjax.errors import GenjaxError
from genjax.training.trainer import Trainer, check_batch_size, train
from tests.conftest import tiny_config


def params_of(state):
  return jax.device_get({name: player.params for name, player in state.players.items()})


def test_run_leaves_config_metrics_samples_tensorboard_and_checkpoints(tmp_path):
  config = tiny_config('vae_digits', 'steps=6', 'log_every=3', 'sample_every=3', 'checkpoint_every=2',
                       'keep_checkpoints=2')
  train(config, str(tmp_path), progress=False)
  assert json.loads((tmp_path / 'config.json').read_text())['steps'] == 6
  lines = [json.loads(line) for line in (tmp_path / 'metrics.jsonl').read_text().splitlines()]
  assert [line['step'] for line in lines] == [3, 6]
  assert {'loss', 'elbo', 'recon', 'kl'} <= set(lines[0])
  assert all(np.isfinite(line['loss']) for line in lines)
  assert sorted(p.name for p in (tmp_path / 'samples').iterdir()) == ['step_00000003.png', 'step_00000006.png']
  assert list((tmp_path / 'tensorboard').glob('events.out.tfevents.*'))
  assert sorted(int(p.name) for p in (tmp_path / 'checkpoints').iterdir() if p.name.isdigit()) == [4, 6]


def test_same_seed_same_run_other_seed_other_run(tmp_path):
  runs = {}
  for name, seed in (('a', 0), ('b', 0), ('c', 1)):
    runs[name] = params_of(train(tiny_config('gan_ring8', f'seed={seed}'), str(tmp_path / name), progress=False))
  chex.assert_trees_all_equal(runs['a'], runs['b'])
  assert not all(np.array_equal(x, y) for x, y in zip(jax.tree.leaves(runs['a']), jax.tree.leaves(runs['c'])))


@pytest.mark.parametrize('name, extra', [
    ('dcgan_digits', ()),                          # batch norm, two players
    ('vae_digits', ('data.binarize=True',)),       # per-step data randomness
    ('vae_digits', ('steps_per_dispatch=2',)),     # fused steps
    ('vae_digits', ('data.binarize=True', 'rng_impl=unsafe_rbg')),  # XLA's generator
])
def test_resume_is_bit_exact(tmp_path, name, extra):
  steps = ('steps=8', 'checkpoint_every=2', 'log_every=2')
  straight = train(tiny_config(name, *steps, *extra), str(tmp_path / 'straight'), progress=False)
  train(tiny_config(name, *steps, *extra, 'steps=4'), str(tmp_path / 'resumed'), progress=False)
  resumed = train(tiny_config(name, *steps, *extra), str(tmp_path / 'resumed'), progress=False)
  assert int(resumed.step) == 8
  chex.assert_trees_all_equal(jax.device_get(straight), jax.device_get(resumed))
  lines = (tmp_path / 'resumed' / 'metrics.jsonl').read_text().splitlines()
  assert [json.loads(line)['step'] for line in lines] == [2, 4, 6, 8]


@pytest.mark.parametrize('fused', [1, 3])
def test_step_is_compiled_once(tmp_path, fused):
  config = tiny_config('dcgan_digits', 'steps=14', 'log_every=6', 'sample_every=12', 'checkpoint_every=12',
                       f'steps_per_dispatch={fused}')
  trainer = Trainer(config, str(tmp_path), progress=False)
  trainer.run()
  assert all(step._cache_size() == 1 for step in trainer.train_steps.values())


@pytest.mark.parametrize('name', ['vae_digits', 'dcgan_digits'])  # dcgan: strided convs as matmuls in the scan
def test_fused_steps_compute_the_same_run(tmp_path, name):
  single = train(tiny_config(name, 'steps=8'), str(tmp_path / 'single'), progress=False)
  fused = train(tiny_config(name, 'steps=8', 'steps_per_dispatch=4'), str(tmp_path / 'fused'),
                progress=False)
  chex.assert_trees_all_close(jax.device_get(single), jax.device_get(fused), rtol=1e-5, atol=1e-6)


@hypothesis.given(fused=st.integers(1, 7), steps=st.integers(1, 60), every=st.tuples(*[st.integers(1, 20)] * 3))
@hypothesis.settings(max_examples=200, deadline=None)
def test_dispatches_stop_at_every_log_sample_and_checkpoint_step(fused, steps, every):
  trainer = Trainer.__new__(Trainer)  # Only the chunking logic: no data, no compilation.
  trainer.config = ml_collections.ConfigDict({'steps': steps, 'steps_per_dispatch': fused})
  trainer._boundaries = every
  visited, step = set(), 0
  while step < steps:
    count = trainer.steps_in_dispatch(step)
    assert count in (1, fused)
    step += count
    visited.add(step)
  assert step == steps
  assert {t for t in range(1, steps + 1) if any(t % e == 0 for e in every)} <= visited


def test_resume_with_another_network_names_the_mismatch(tmp_path):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  with pytest.raises(GenjaxError, match=r'does not fit this config: players/vae/params/decoder/.*checkpoint \(\(8, 32\).*vs config \(\(8, 48\)') as error:
    train(tiny_config('vae_digits', 'model.hidden=(48,)', 'steps=6'), str(tmp_path), progress=False)
  assert '\n' not in str(error.value)


def test_resume_with_another_method_names_it(tmp_path):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  with pytest.raises(GenjaxError, match=r'made by another run \(method: checkpoint vae vs config ae\)') as error:
    train(tiny_config('ae_digits', 'steps=6'), str(tmp_path), progress=False)
  assert '\n' not in str(error.value)


@pytest.mark.parametrize('other', ['seed=3', 'rng_impl=rbg'])
def test_resume_with_another_seed_or_key_implementation_is_refused(tmp_path, other):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  with pytest.raises(GenjaxError, match='another run.*root_key'):
    train(tiny_config('vae_digits', other, 'steps=6'), str(tmp_path), progress=False)


@pytest.mark.parametrize('name, override, entry', [
    ('vae_digits', 'data.test_fraction=0.5', 'data_selection.test_fraction: checkpoint 0.1 vs config 0.5'),
    ('gan_ring8', 'data.toy_size=600', 'data_selection.toy_size: checkpoint 500 vs config 600'),
    ('gan_ring8', 'model.d_steps=2', 'batches_per_step: checkpoint 1 vs config 2'),
])
def test_resume_with_other_training_examples_names_the_setting(tmp_path, name, override, entry):
  """Another split, data set or number of batches a step takes would change which examples train or
  their order: refused by name, not resumed."""
  train(tiny_config(name), str(tmp_path), progress=False)
  with pytest.raises(GenjaxError, match=re.escape(entry)) as error:
    train(tiny_config(name, override, 'steps=6'), str(tmp_path), progress=False)
  assert '\n' not in str(error.value)


def test_resume_on_another_tfds_split_is_refused(tmp_path, fake_tfds):
  source = 'data.source=tfds:cifar10'
  train(tiny_config('dcgan_digits', source), str(tmp_path), progress=False)  # data.split '' (train): not recorded
  with pytest.raises(GenjaxError, match=re.escape('data_selection.split: checkpoint None vs config train[:50%]')):
    train(tiny_config('dcgan_digits', source, 'data.split=train[:50%]', 'steps=6'), str(tmp_path), progress=False)


def test_a_checkpoint_of_an_older_genjax_without_the_data_selection_still_resumes(tmp_path):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  record = tmp_path / 'checkpoints' / '4' / 'record' / 'metadata'
  saved = json.loads(record.read_text())
  del saved['data_selection'], saved['batches_per_step']
  record.write_text(json.dumps(saved))
  assert int(train(tiny_config('vae_digits', 'steps=6'), str(tmp_path), progress=False).step) == 6


def test_steps_below_the_checkpoint_are_refused_and_the_config_kept(tmp_path):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  recorded = (tmp_path / 'config.json').read_text()
  with pytest.raises(GenjaxError, match='holds a checkpoint of step 4, past steps=2: set --config.steps above 4'):
    train(tiny_config('vae_digits', 'steps=2'), str(tmp_path), progress=False)
  assert (tmp_path / 'config.json').read_text() == recorded


def test_corrupt_checkpoint_is_a_clear_error(tmp_path):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  latest = tmp_path / 'checkpoints' / '4' / 'state'
  for file in latest.rglob('*'):
    if file.is_file() and file.stat().st_size > 0 and 'metadata' not in file.name:
      file.write_bytes(b'\0garbage' * 3)
  folder = re.escape(str(tmp_path.absolute() / 'checkpoints' / '4'))
  damaged = 'checkpoint 4 (is corrupt|has no readable state metadata) '
  with pytest.raises(GenjaxError, match=rf'{damaged}.*; delete {folder} to use an earlier one$'):
    train(tiny_config('vae_digits', 'steps=6'), str(tmp_path), progress=False)


def test_unfinished_save_is_never_the_latest(tmp_path):
  train(tiny_config('vae_digits'), str(tmp_path), progress=False)
  checkpoints = tmp_path / 'checkpoints'
  # What an interrupted orbax save leaves: a temporary folder of a later step, not committed.
  shutil.copytree(checkpoints / '4', checkpoints / '6.orbax-checkpoint-tmp-1234')
  state = Trainer(tiny_config('vae_digits', 'steps=6'), str(tmp_path), progress=False).initial_state()
  assert int(state.step) == 4


def test_unwritable_workdir(tmp_path):
  blocker = tmp_path / 'file'
  blocker.write_text('')
  with pytest.raises(GenjaxError, match='not writable'):
    train(tiny_config('vae_digits'), str(blocker / 'run'), progress=False)


def test_batch_larger_than_data(tmp_path):
  with pytest.raises(GenjaxError, match='larger than the'):
    train(tiny_config('vae_digits', 'batch_size=100000'), str(tmp_path), progress=False)


def test_a_batch_that_does_not_split_is_one_error_naming_each_divisor(tmp_path):
  pacgan = types.SimpleNamespace(batch_divisors={'model.pack': 4})
  check_batch_size(32, 8, pacgan)
  with pytest.raises(GenjaxError, match='^batch_size 18 is not divisible by the 4 devices and model.pack 4$'):
    check_batch_size(18, 4, pacgan)
  with pytest.raises(GenjaxError, match='^batch_size 18 is not divisible by the 4 devices$'):
    check_batch_size(18, 4, object())  # A method that forms no groups.
  with pytest.raises(GenjaxError, match='^batch_size 18 is not divisible by model.pack 4$'):
    Trainer(tiny_config('gan_ring8_pacgan', 'batch_size=18'), str(tmp_path), progress=False)


@pytest.mark.parametrize('name', ['vae_digits', 'dcgan_digits'])
def test_bfloat16_compute_keeps_float32_state_and_close_losses(tmp_path, name):
  runs = {dtype: Trainer(tiny_config(name, 'steps=2', 'log_every=1', f'compute_dtype={dtype}'),
                         str(tmp_path / dtype), progress=False) for dtype in ('float32', 'bfloat16')}
  states = {dtype: trainer.run() for dtype, trainer in runs.items()}
  assert {leaf.dtype for leaf in jax.tree.leaves(states['bfloat16'].players)} <= {np.dtype('float32'),
                                                                                   np.dtype('int32')}
  first = {dtype: json.loads((tmp_path / dtype / 'metrics.jsonl').read_text().splitlines()[0])
           for dtype in runs}
  for key, value in first['float32'].items():
    np.testing.assert_allclose(first['bfloat16'][key], value, rtol=0.05, atol=0.05, err_msg=key)
