"""The input pipeline's measurements: a synthetic image set in the prepared-records format, the
loader's images/s alone, and training over it on the streaming path (step images/s, the share of the
loop spent waiting for data, and peak host memory against the set's size).

  python scripts/bench_input.py make --out /tmp/synthetic64 --num 200000 --side 64      # 2.46 GB
  python scripts/bench_input.py loader --records /tmp/synthetic36 --crop 32 --steps 200
  python scripts/bench_input.py train --records /tmp/synthetic64 --config configs/dcgan_celeba64.py \\
      --steps 40 [--config.KEY=VALUE ...]

Images are uniform noise drawn from (index, seed), so making a set holds one image at a time. Each
command prints one JSON line with the machine it ran on.
"""
import argparse
import dataclasses
import json
import pathlib
import tempfile
import time

import jax
import numpy as np

from bench_host import machine
from genjax.config import data_config, load_config
from genjax.core.sharding import data_mesh
from genjax.data import open_image_set
from genjax.data.example_source import ImageSet
from genjax.data.geometry import Geometry
from genjax.data.pipeline import EpochShuffle
from genjax.data.prepare import write_records
from genjax.data.run_data import stream_options
from genjax.data.stream import StreamedBatches, StreamedDataset
from genjax.data.transforms import batch_transform
from genjax.training.trainer import Trainer


@dataclasses.dataclass(frozen=True)
class NoiseImages:
  """`count` uint8 images side x side x 3 of uniform noise, image i drawn from (seed, i); labels i % 10."""
  count: int
  side: int
  seed: int

  def __len__(self) -> int:
    return self.count

  def __getitem__(self, index: int) -> dict:
    image = np.random.default_rng([self.seed, index]).integers(0, 256, (self.side, self.side, 3), np.uint8)
    return {'image': image, 'label': index % 10}

  def __getitems__(self, indices) -> list[dict]:
    return [self[i] for i in indices]


def _kib(field: str) -> int:
  """A VmRSS/VmHWM line of /proc/self/status, in KiB."""
  for line in pathlib.Path('/proc/self/status').read_text().splitlines():
    if line.startswith(field + ':'):
      return int(line.split()[1])
  raise RuntimeError(f'no {field} in /proc/self/status')


def _reset_peak() -> None:
  """Starts VmHWM again from the current RSS (Linux 4.0+)."""
  with open('/proc/self/clear_refs', 'w') as f:
    f.write('5')


def make(args) -> dict:
  started = time.perf_counter()
  image_set = ImageSet(name='noise', train=NoiseImages(args.num, args.side, 0),
                       test=NoiseImages(args.test, args.side, 1), shape=(args.side, args.side, 3), num_classes=10)
  write_records(image_set, Geometry(), args.out, f'noise:{args.num}x{args.side}', progress=True)
  size = sum(f.stat().st_size for f in pathlib.Path(args.out).iterdir())
  return {'made': args.out, 'images': args.num + args.test, 'gb': round(size / 1e9, 3),
          'seconds': round(time.perf_counter() - started, 1)}


def loader(args) -> dict:
  """Reading, decoding and cropping in Grain's threads, the batch put on the device, and the step's
  own share of the input (decode to floats, random flip), jitted: images/s of the input alone."""
  data_cfg = data_config('bench', f'records:{args.records}', [
      f'data.center_crop={args.crop}', 'data.range=signed', 'data.random_flip=True',
      f'data.stream.threads={args.threads}'])
  streamed = StreamedDataset.open(open_image_set(data_cfg), data_cfg)
  shuffle = EpochShuffle(len(streamed.train), args.batch, seed=0)
  batches = StreamedBatches(streamed, shuffle, data_mesh(), args.steps + 1, stream_options(data_cfg))
  on_device = jax.jit(lambda x, key: batch_transform(streamed.decode(x), key, data_cfg, streamed.levels,
                                                     streamed.value_range))
  on_device(batches.take(0, 1)['x'][0], jax.random.key(0)).block_until_ready()  # Compiles; starts the threads.
  started = time.perf_counter()
  for step in range(1, args.steps + 1):
    on_device(batches.take(step, 1)['x'][0], jax.random.key(step)).block_until_ready()
  seconds = time.perf_counter() - started
  batches.close()
  return {'loader': str(args.records), 'image': list(streamed.shape), 'batch': args.batch, 'threads': args.threads,
          'images_per_s': round(args.steps * args.batch / seconds)}


def train(args, overrides: list[str]) -> dict:
  """`args.steps` training steps of a config over the records, streamed: after the first (compiled)
  dispatch, images/s, the share of the loop's time spent waiting for data, and peak RSS."""
  config = load_config(args.config, [f'data.source=records:{args.records}', 'data.pipeline=stream',
                                     f'steps={args.steps}', f'log_every={args.steps}', 'sample_every=1000000',
                                     f'checkpoint_every={args.steps}', *overrides])
  with tempfile.TemporaryDirectory() as workdir:
    trainer = Trainer(config, workdir, progress=False)
    state = trainer.initial_state()
    step_fn = trainer.train_steps[1]
    state, _ = step_fn(state, trainer.resident, trainer.step_inputs(0, 1))
    jax.block_until_ready(state)
    baseline_kib = _kib('VmRSS')
    _reset_peak()
    trainer.batches.wait_seconds = 0.0
    started = time.perf_counter()
    for step in range(1, args.steps):
      state, _ = step_fn(state, trainer.resident, trainer.step_inputs(step, 1))
    jax.block_until_ready(state)
    seconds = time.perf_counter() - started
    waited = trainer.batches.wait_seconds
    peak_kib = _kib('VmHWM')
    trainer.batches.close()
  set_gb = sum(f.stat().st_size for f in pathlib.Path(args.records).iterdir()) / 1e9
  return {'train': args.config, 'records_gb': round(set_gb, 3), 'batch': config.batch_size,
          'steps_timed': args.steps - 1, 'images_per_s': round((args.steps - 1) * config.batch_size / seconds, 1),
          'step_s': round(seconds / (args.steps - 1), 4), 'waiting_share': round(waited / seconds, 4),
          'rss_after_first_step_gb': round(baseline_kib / 1e6, 3), 'peak_rss_gb': round(peak_kib / 1e6, 3)}


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  commands = parser.add_subparsers(dest='command', required=True)
  made = commands.add_parser('make')
  made.add_argument('--out', required=True)
  made.add_argument('--num', type=int, default=200_000)
  made.add_argument('--test', type=int, default=1000)
  made.add_argument('--side', type=int, default=64)
  loading = commands.add_parser('loader')
  loading.add_argument('--records', required=True)
  loading.add_argument('--crop', type=int, default=0)
  loading.add_argument('--batch', type=int, default=64)
  loading.add_argument('--steps', type=int, default=200)
  loading.add_argument('--threads', type=int, default=8)
  training = commands.add_parser('train')
  training.add_argument('--records', required=True)
  training.add_argument('--config', required=True)
  training.add_argument('--steps', type=int, default=40)
  args, extra = parser.parse_known_args()
  overrides = [arg.removeprefix('--config.') for arg in extra if arg.startswith('--config.')]
  if len(overrides) != len(extra):
    parser.error(f'unrecognized arguments: {" ".join(extra)}')
  if args.command != 'train' and overrides:
    parser.error('--config.KEY=VALUE overrides are for train')
  result = {'make': make, 'loader': loader}[args.command](args) if args.command != 'train' else train(args, overrides)
  print(json.dumps({**result, 'machine': machine()}))


if __name__ == '__main__':
  main()
