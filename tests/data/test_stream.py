"""The streaming path trains exactly what the device path trains: same batches, same states, bit
for bit, fresh, fused and resumed; `auto` picks it by size; its settings are checked."""
import chex
import jax
import numpy as np
import pytest

from genjax.config import data_config
from genjax.core import sharding
from genjax.data import load_dataset, open_image_set
from genjax.data.pipeline import EpochShuffle
from genjax.data.prepare import prepare
from genjax.data.stream import StreamedBatches, StreamedDataset, StreamOptions, local_rows
from genjax.errors import GenjaxError
from genjax.training.trainer import Trainer
from tests.conftest import tiny_config, train_with_default_emitters

STEPS = ('steps=6', 'checkpoint_every=2', 'log_every=2', 'sample_every=6')


@pytest.mark.parametrize('name, extra', [
    ('dcgan_digits', ('steps_per_dispatch=2',)),   # batch norm, two players, fused steps
    ('aae_digits', ()),                            # three players
])
def test_streamed_run_equals_the_device_run_and_resumes_bit_exact(tmp_path, name, extra):
  device = train_with_default_emitters(name, tmp_path / 'device', *STEPS, *extra, 'data.pipeline=device')
  train_with_default_emitters(name, tmp_path / 'stream', *STEPS, *extra, 'data.pipeline=stream', 'steps=2')
  streamed = train_with_default_emitters(name, tmp_path / 'stream', *STEPS, *extra, 'data.pipeline=stream')
  assert int(streamed.step) == 6
  chex.assert_trees_all_equal(jax.device_get(device), jax.device_get(streamed))


def test_auto_streams_a_set_read_on_access_above_the_budget_and_trains_as_the_device_path(tmp_path):
  prepare(data_config('prepare', 'digits', []), str(tmp_path / 'records'))  # 115 kB
  runs = {'streamed': (f'data.source=records:{tmp_path / "records"}', 'data.device_budget_gb=1e-4'),
          'held': (f'data.source=records:{tmp_path / "records"}', 'data.device_budget_gb=1e-3')}
  streamed, held = (Trainer(tiny_config('dcgan_digits', *STEPS, *runs[run]), str(tmp_path / 'probe' / run), progress=False)
                    for run in runs)
  assert streamed.batches is not None and held.batches is None
  np.testing.assert_array_equal(streamed.dataset.test_raw, held.dataset.test_raw)
  chex.assert_trees_all_equal(*(jax.device_get(train_with_default_emitters('dcgan_digits', tmp_path / run, *STEPS,
                                                                             *runs[run])) for run in runs))


def test_device_path_holds_the_pixels_in_their_stored_dtype(tmp_path):
  trainer = Trainer(tiny_config('dcgan_digits', 'data.pipeline=device'), str(tmp_path), progress=False)
  x = trainer.resident['x']
  assert x.dtype == trainer.dataset.train_raw.dtype and np.issubdtype(x.dtype, np.integer)
  assert trainer.batches is None


def test_batches_are_each_steps_shuffled_examples_from_any_start(data_cfg):
  cfg = data_cfg(source='digits')
  dataset, streamed = load_dataset(cfg), StreamedDataset.open(open_image_set(cfg), cfg)
  np.testing.assert_array_equal(streamed.test_raw, dataset.test_raw)  # The same held-out examples.
  shuffle = EpochShuffle(len(dataset.train_raw), 32, seed=3, batches=2)
  mesh = sharding.data_mesh()
  batches = StreamedBatches(streamed, shuffle, mesh, end_step=60, options=StreamOptions(threads=2, prefetch_steps=2))
  for start in (0, 40):  # Jumping elsewhere restarts the reading there (a resume).
    got = batches.take(start, 3)
    for k in range(3):
      indices = shuffle.indices(start + k)
      np.testing.assert_array_equal(np.asarray(got['x'][k]), dataset.train_raw[indices])
      np.testing.assert_array_equal(np.asarray(got['y'][k]), dataset.train_y[indices])
  assert got['x'].shape == (3, 2, 32, 8, 8, 1) and got['x'].dtype == dataset.train_raw.dtype
  following = batches.take(43, 1)  # Continues where the last take ended.
  np.testing.assert_array_equal(np.asarray(following['x'][0]), dataset.train_raw[shuffle.indices(43)])
  batches.close()


def test_one_process_reads_every_row_of_the_batch():
  mesh = sharding.data_mesh()
  assert local_rows(mesh, (2, 48), axis=1) == slice(0, 48)


def test_only_images_stream(tmp_path):
  with pytest.raises(GenjaxError, match='only image sources are read example by example'):
    Trainer(tiny_config('gan_ring8', 'data.pipeline=stream'), str(tmp_path), progress=False)


@pytest.mark.parametrize('key, value, message', [
    ('data.pipeline', 'disk', "data.pipeline 'disk' is not one of auto, device, stream"),
    ('data.stream.threads', '-1', 'data.stream.threads must be an integer >= 0'),
    ('data.stream.prefetch_steps', '0', 'data.stream.prefetch_steps must be an integer >= 1'),
    ('data.device_budget_gb', '0.0', 'data.device_budget_gb must be positive'),
])
def test_bad_pipeline_settings_are_refused_in_one_line(tmp_path, key, value, message):
  with pytest.raises(GenjaxError, match=message):
    Trainer(tiny_config('dcgan_digits', f'{key}={value}'), str(tmp_path), progress=False)
