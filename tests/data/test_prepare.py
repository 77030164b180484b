"""`genjax.data.prepare`: every kind of image source converted into a records folder reads back exactly
as the source itself; preparing streams, is atomic, and refuses bad input in one line."""
import json
import os
import pathlib
import pickle
import signal
import subprocess
import sys

import grain
import numpy as np
import pytest
from PIL import Image

from genjax.data import ExampleSource, Geometry, load_dataset, open_image_set, records
from genjax.data.idx import write_idx
from genjax.data.prepare import prepare, prepare_config
from genjax.errors import GenjaxError
from tests.conftest import ROOT
from tests.data.test_tfds import Tiny


@pytest.fixture(scope='module')
def sources(tmp_path_factory) -> dict[str, str]:
  """One source of each reader, tiny: IDX with both splits, a labelled PNG folder, a TFDS set with
  both splits, float npz images, scikit-learn's digits."""
  root = tmp_path_factory.mktemp('sources')
  rng = np.random.default_rng(0)
  (root / 'idx').mkdir()
  for prefix, n in (('train', 30), ('t10k', 10)):
    write_idx(root / 'idx' / f'{prefix}-images-idx3-ubyte', rng.integers(0, 256, (n, 6, 6), dtype=np.uint8))
    write_idx(root / 'idx' / f'{prefix}-labels-idx1-ubyte.gz', rng.integers(0, 10, n, dtype=np.uint8))
  for label in ('a', 'b', 'c'):
    (root / 'folder' / label).mkdir(parents=True)
    for i in range(7):
      Image.fromarray(rng.integers(0, 256, (9, 7, 3), dtype=np.uint8)).save(root / 'folder' / label / f'{i}.png')
  Tiny(data_dir=root / 'tfds', file_format='array_record').download_and_prepare()
  np.savez(root / 'floats.npz', x=rng.random((25, 5, 5), dtype=np.float32))
  return {'idx': f'idx:{root / "idx"}', 'folder': f'folder:{root / "folder"}', 'tfds': 'tfds:tiny',
          'npz': f'npz:{root / "floats.npz"}', 'digits': 'digits', 'tfds_dir': str(root / 'tfds')}


@pytest.fixture
def with_tfds(sources, monkeypatch):
  monkeypatch.setenv('TFDS_DATA_DIR', sources['tfds_dir'])


def _assert_same_examples(a, b):
  assert (a.shape, a.num_classes, a.levels, sorted(a.splits())) == (b.shape, b.num_classes, b.levels, sorted(b.splits()))
  for split in a.splits():
    first, second = a.splits()[split], b.splits()[split]
    assert len(first) == len(second)
    for x, y in zip(first.__getitems__(range(len(first))), second.__getitems__(range(len(second)))):
      assert x.keys() == y.keys() and x.get('label') == y.get('label')
      assert x['image'].dtype == y['image'].dtype
      np.testing.assert_array_equal(x['image'], y['image'])


def _assert_same_dataset(a, b):
  for name in ('train_x', 'train_y', 'test_x', 'test_y'):
    np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
  assert (a.shape, a.num_classes, a.levels, a.value_range) == (b.shape, b.num_classes, b.levels, b.value_range)


@pytest.mark.parametrize('kind', ['idx', 'folder', 'tfds', 'npz', 'digits'])
def test_records_read_back_exactly_as_the_source(sources, with_tfds, data_cfg, tmp_path, kind):
  source = sources[kind]
  spec = prepare(data_cfg(source=source), str(tmp_path / 'records'))
  records_source = f'records:{tmp_path / "records"}'
  _assert_same_examples(open_image_set(data_cfg(source=source)), open_image_set(data_cfg(source=records_source)))
  _assert_same_dataset(load_dataset(data_cfg(source=source, range='signed')),
                       load_dataset(data_cfg(source=records_source, range='signed')))
  written = json.loads((tmp_path / 'records' / 'spec.json').read_text())
  assert written == spec.to_json() and written['source'] == source and written['version'] == records.VERSION
  assert ('test' in written['splits']) == (kind in ('idx', 'tfds'))


def test_prepared_geometry_equals_the_geometry_applied_when_reading(sources, data_cfg, tmp_path):
  prepare(prepare_config(sources['folder'], ['data.center_crop=6', 'data.resize=4']), str(tmp_path / 'r'))
  stored = load_dataset(data_cfg(source=f'records:{tmp_path / "r"}'))
  read = load_dataset(data_cfg(source=sources['folder'], center_crop=6, resize=4))
  _assert_same_dataset(stored, read)
  assert json.loads((tmp_path / 'r' / 'spec.json').read_text())['geometry'] == {
      'center_crop': 6, 'resize': 4, 'pad_to': 0}


def test_shards_are_bounded_and_read_as_one_split(sources, with_tfds, data_cfg, tmp_path):
  record_bytes = 4 * 3 * 1 + 4  # Tiny: 4x3x1 pixels and a label
  spec = prepare(data_cfg(source='tfds:tiny'), str(tmp_path / 'r'), shard_bytes=6 * record_bytes)
  assert spec.splits['train']['shards'] == [f'train-0000{i}-of-00004.array_record' for i in range(4)]
  assert len(spec.splits['test']['shards']) == 2
  assert sorted(p.name for p in (tmp_path / 'r').iterdir()) == sorted(
      ['spec.json', *spec.splits['train']['shards'], *spec.splits['test']['shards']])
  _assert_same_examples(open_image_set(data_cfg(source='tfds:tiny')),
                        open_image_set(data_cfg(source=f'records:{tmp_path / "r"}')))


def test_a_records_source_is_an_example_source_that_pickles_and_grain_reads(sources, data_cfg, tmp_path):
  prepare(data_cfg(source='digits'), str(tmp_path / 'r'))
  source = open_image_set(data_cfg(source=f'records:{tmp_path / "r"}')).train
  assert isinstance(source, ExampleSource)
  copy = pickle.loads(pickle.dumps(source))
  np.testing.assert_array_equal(copy[7]['image'], source[7]['image'])
  dataset = grain.MapDataset.source(source).map(Geometry(resize=4))
  assert dataset[7]['image'].shape == (4, 4, 1) and dataset[7]['label'] == source[7]['label']
  with pytest.raises(IndexError):
    source[len(source)]


def test_an_interrupted_prepare_leaves_nothing(sources, data_cfg, tmp_path):
  folder = tmp_path / 'images'
  folder.mkdir()
  for i in range(5):
    Image.fromarray(np.full((4, 4), i, np.uint8)).save(folder / f'{i}.png')
  cfg = data_cfg(source=f'folder:{folder}')
  open_image_set(cfg)  # opens: the headers are fine
  broken = (folder / '3.png').read_bytes()
  (folder / '3.png').write_bytes(broken[:len(broken) - 20])  # pixels cut: found when decoded, midway
  with pytest.raises(GenjaxError, match='3.png: not a readable'):
    prepare(cfg, str(tmp_path / 'out' / 'r'))
  assert [p.name for p in (tmp_path / 'out').iterdir()] == []


_KILLED_PREPARE = """import os, signal, sys
from genjax.data import records
from genjax.data.prepare import prepare, prepare_config
write = records.ShardWriter.write
def write_then_die(self, record):
  write(self, record)
  if self.written == 100:
    os.kill(os.getpid(), signal.SIGKILL)
records.ShardWriter.write = write_then_die
prepare(prepare_config('digits', []), sys.argv[1])
"""


def test_a_killed_prepare_leaves_no_folder_and_the_next_one_clears_its_temporary(data_cfg, tmp_path):
  out = tmp_path / 'r'
  killed = subprocess.run([sys.executable, '-c', _KILLED_PREPARE, str(out)], cwd=ROOT)
  assert killed.returncode == -signal.SIGKILL
  [temporary] = tmp_path.iterdir()
  assert temporary.name.startswith('.r.') and temporary.name.endswith('.tmp') and any(temporary.iterdir())
  with pytest.raises(GenjaxError, match='no spec.json'):
    open_image_set(data_cfg(source=f'records:{temporary}'))
  prepare(data_cfg(source='digits'), str(out))
  assert [p.name for p in tmp_path.iterdir()] == ['r']
  assert len(open_image_set(data_cfg(source=f'records:{out}')).train) == 1797


def test_prepare_into_an_existing_folder(data_cfg, tmp_path):
  (tmp_path / 'empty').mkdir()
  prepare(data_cfg(source='digits'), str(tmp_path / 'empty'))
  assert (tmp_path / 'empty' / 'spec.json').is_file()
  (tmp_path / 'full').mkdir()
  (tmp_path / 'full' / 'keep.txt').write_text('mine')
  with pytest.raises(GenjaxError, match='full is not empty; prepare into a new folder'):
    prepare(data_cfg(source='digits'), str(tmp_path / 'full'))
  (tmp_path / 'file').write_text('mine')
  with pytest.raises(GenjaxError, match='it is a file, not a folder'):
    prepare(data_cfg(source='digits'), str(tmp_path / 'file'))
  assert [p.name for p in (tmp_path / 'full').iterdir()] == ['keep.txt']


@pytest.mark.parametrize('source, overrides, problem', [
    ('digits', ['data.range=signed'], 'takes --config.data.KEY=VALUE for KEY in split, center_crop, resize, pad_to'),
    ('digits', ['steps=3'], 'got --config.steps'),
    ('digits', ['data.source=mnist'], 'got --config.data.source'),
    ('digits', ['data.resize=x'], "config key 'data.resize' expects int"),
    ('toy:ring8', [], 'toy:ring8: a points source; only image sources are read example by example'),
    ('pair:digits:edges', [], 'holds two domains'),
    ('folder:/nonexistent', [], 'folder:/nonexistent: no such directory'),
])
def test_bad_prepare_input_is_one_line(tmp_path, source, overrides, problem):
  with pytest.raises(GenjaxError) as info:
    prepare(prepare_config(source, overrides), str(tmp_path / 'r'))
  assert problem in str(info.value) and '\n' not in str(info.value)
  assert not list(tmp_path.iterdir())


def _damage(folder: pathlib.Path, how: str) -> None:
  spec = json.loads((folder / 'spec.json').read_text())
  shard = folder / spec['splits']['train']['shards'][0]
  if how == 'spec':
    (folder / 'spec.json').write_text('{"format": "genjax-records", "version": 1')
  elif how == 'version':
    (folder / 'spec.json').write_text(json.dumps({**spec, 'version': 99}))
  elif how == 'shape':
    (folder / 'spec.json').write_text(json.dumps({**spec, 'shape': [8, 8], 'levels': 0}))
  elif how == 'count':
    spec['splits']['train']['count'] += 1
    (folder / 'spec.json').write_text(json.dumps(spec))
  elif how == 'record size':
    (folder / 'spec.json').write_text(json.dumps({**spec, 'shape': [4, 4, 1]}))
  elif how == 'missing shard':
    shard.unlink()
  elif how == 'truncated shard':
    os.truncate(shard, shard.stat().st_size // 2)


@pytest.mark.parametrize('how, problem', [
    ('spec', 'spec.json: unreadable'),
    ('version', 'records format version 99; this genjax reads 1'),
    ('shape', 'malformed shape, levels'),
    ('count', 'the train shards hold 1797 records; spec.json says 1798'),
    ('record size', 'a record of 68 bytes where spec.json says 20'),
    ('missing shard', 'the train shard .*train-00000-of-00001.array_record is missing'),
    ('truncated shard', 'the train shards are unreadable'),
])
def test_damaged_records_are_refused_in_one_line(data_cfg, tmp_path, how, problem):
  prepare(data_cfg(source='digits'), str(tmp_path / 'r'))
  _damage(tmp_path / 'r', how)
  with pytest.raises(GenjaxError, match=problem) as info:
    load_dataset(data_cfg(source=f'records:{tmp_path / "r"}'))
  assert '\n' not in str(info.value)


# The peak memory of a block: the high-water mark of resident memory, reset to the current value
# before it (/proc/PID/clear_refs, Linux 4.0+). getrusage's ru_maxrss would not do: a child process
# starts with its parent's (the test process's) peak.
_MEASURED_PREPARE = """import json, sys, time
from genjax.data import Geometry, open_image_set
from genjax.data.example_source import read_into_memory
from genjax.data.prepare import prepare, prepare_config
def kib(field):
  return next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith(field + ':'))
def growth(block):
  with open('/proc/self/clear_refs', 'w') as f:
    f.write('5')
  before = kib('VmRSS')
  block()
  return (kib('VmHWM') - before) * 1024
cfg = prepare_config(f'folder:{sys.argv[1]}', [])
start = time.perf_counter()
prepared = growth(lambda: prepare(cfg, sys.argv[2]))
seconds = time.perf_counter() - start
in_memory = growth(lambda: read_into_memory(open_image_set(cfg), Geometry()))  # the control
print(json.dumps({'prepared': prepared, 'in_memory': in_memory, 'seconds': seconds}))
"""


def test_prepare_streams_a_folder_far_bigger_than_its_memory_use(tmp_path):
  """1,200 JPEGs of 128x128x3, 59 MB decoded: preparing them raises the process's peak memory by less
  than half of that (by 24 MB here, imports on first use included, and as much for twice the set),
  where reading them into memory raises it by all of it."""
  folder, count, shape = tmp_path / 'big', 1200, (128, 128, 3)
  folder.mkdir()
  pixels = np.random.default_rng(0).integers(0, 256, (count, *shape), dtype=np.uint8)
  for i, image in enumerate(pixels):
    Image.fromarray(image).save(folder / f'{i:04d}.jpg', quality=75)
  del pixels
  size = count * int(np.prod(shape))
  run = subprocess.run([sys.executable, '-c', _MEASURED_PREPARE, str(folder), str(tmp_path / 'r')], cwd=ROOT,
                       capture_output=True, text=True)
  assert run.returncode == 0, run.stderr
  measured = json.loads(run.stdout.splitlines()[-1])
  assert measured['prepared'] < size / 2 and measured['in_memory'] > 0.9 * size, measured
  assert json.loads((tmp_path / 'r' / 'spec.json').read_text())['splits']['train']['count'] == count
