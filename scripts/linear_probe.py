"""Linear probes on MNIST: how linearly separable are the digit classes in each model's code?
Writes docs/results/linear_probe.md (and .json).

  GENJAX_DATA_DIR=../shared/data python scripts/linear_probe.py [--scale 1] [--runs runs/mnist_models]

Each row trains its config for its steps times --scale (resumed if interrupted), encodes MNIST's
9,000 training and 1,000 held-out images (genjax's fixed split of ../shared/data/mnist) with the
model's encoder (the AE's code, the VAE's posterior mean, the AAE's code, the BiGAN encoder's E(x)),
standardizes each feature on the training codes and fits a multinomial logistic regression
(scikit-learn, L2, C = 1) on the training codes; the table gives its accuracy on the held-out codes.
The pixel row fits the same probe on the 784 raw pixels, the untrained row on E(x) of the BiGAN
encoder at its initialization: the baselines a learned code must beat (Donahue et al. 2017, Sec. 4.2,
probe BiGAN's features this way).
"""
import json
import pathlib
import shlex
import sys
import time

import jax
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from autoencoder_table import Row, config_workdir, table_arguments, train
from genjax.core.files import atomic_write, write_json_atomic
from genjax.core.rng import stream
from genjax.data import load_dataset
from genjax.evaluation.evaluate import map_in_chunks
from genjax.runs.directory import load_run_config
from genjax.runs.latest import load_latest

ROWS = (
    Row('AE', 'ae_mnist', 10_000),
    Row('VAE (posterior mean)', 'vae_mnist', 10_000),
    Row('AAE, N(0, I) prior, 20-D code', 'aae_mnist', 5000, ('model.latent_dim=20',)),
    Row('BiGAN (MLP, uniform 50-D code)', 'bigan_mnist', 3000),
    Row('BigBiGAN (conv, Gaussian 50-D code)', 'bigbigan_mnist', 1000),
)


def probe(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray) -> float:
  """Held-out accuracy of a logistic regression fit on standardized training features."""
  scaler = StandardScaler().fit(train_x)
  model = LogisticRegression(C=1.0, max_iter=3000).fit(scaler.transform(train_x), train_y)
  return float(np.mean(model.predict(scaler.transform(test_x)) == test_y))


def probe_encoder(method, state, dataset) -> tuple[float, int]:
  """The probe's held-out accuracy on the codes of `method.encode` with `state`, and the code's size."""
  train_codes, test_codes = (map_in_chunks(method.encode, state, x) for x in (dataset.train_x, dataset.test_x))
  return probe(train_codes, dataset.train_y, test_codes, dataset.test_y), train_codes.shape[1]


def measure_row(row: Row, workdir: pathlib.Path, steps: int) -> dict:
  stored = workdir / 'probe_row.json'
  if stored.exists():
    result = json.loads(stored.read_text())
    if result['step'] == steps and result['config'] == row.config and result['overrides'] == list(row.overrides):
      return result
  start = time.perf_counter()
  train(row, workdir, steps)
  train_s = time.perf_counter() - start
  method, state, _, step = load_latest(str(workdir))
  dataset = load_dataset(load_run_config(str(workdir)).data)
  accuracy, dim = probe_encoder(method, state, dataset)
  result = {'name': row.name, 'config': row.config, 'overrides': list(row.overrides), 'step': step,
            'dim': dim, 'train_s': round(train_s, 1), 'accuracy': accuracy}
  if row.config == 'bigan_mnist':  # The same encoder at its initialization.
    config = load_run_config(str(workdir))
    fresh = jax.jit(method.init)(stream(jax.random.key(config.seed), 'init'), {'x': dataset.train_x[:2]})
    result['untrained_accuracy'] = probe_encoder(method, fresh, dataset)[0]
  write_json_atomic(stored, result)
  print(f"{row.name}: {result['accuracy']:.4f}", flush=True)
  return result


def markdown(results: list[dict], pixels: float, command: str) -> str:
  lines = ['# Linear probes on MNIST', '', f'Command: `{command}`', '', __doc__.split('\n\n')[2], '',
           '| features | config | steps | dim | held-out accuracy | train s |', '|---|---|---:|---:|---:|---:|',
           f'| raw pixels | — | — | 784 | {100 * pixels:.2f} % | — |']
  for r in results:
    config = ' '.join([r['config'], *r['overrides']])
    lines.append(f"| {r['name']} | {config} | {r['step']:,} | {r['dim']} | {100 * r['accuracy']:.2f} % | "
                 f"{r['train_s']:.0f} |")
    if 'untrained_accuracy' in r:
      lines.append(f"| {r['name']}, untrained encoder | {config} | 0 | {r['dim']} | "
                   f"{100 * r['untrained_accuracy']:.2f} % | — |")
  return '\n'.join(lines) + '\n'


def main() -> None:
  args = table_arguments(__doc__, 'linear_probe', runs='mnist_models')
  runs = pathlib.Path(args.runs)
  results = [measure_row(row, config_workdir(runs, row), max(round(row.steps * args.scale), 1)) for row in ROWS]
  mnist = load_dataset(load_run_config(str(config_workdir(runs, ROWS[0]))).data)
  flat = lambda x: x.reshape(len(x), -1)
  pixels = probe(flat(mnist.train_x), mnist.train_y, flat(mnist.test_x), mnist.test_y)
  write_json_atomic(pathlib.Path(args.out).with_suffix('.json'), {'pixels': pixels, 'rows': results})
  with atomic_write(args.out) as tmp:
    pathlib.Path(tmp).write_text(markdown(results, pixels, shlex.join(['python', *sys.argv])))


if __name__ == '__main__':
  main()
