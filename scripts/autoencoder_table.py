"""The autoencoder family side by side on MNIST: likelihood, sample quality, codebook use, clustering,
semi-supervised classification and GP-VAE imputation; writes docs/results/autoencoders.md (and .json).

  GENJAX_DATA_DIR=../shared/data python scripts/autoencoder_table.py [--scale 1] [--runs runs/autoencoders]

Data: ../shared/data/mnist is MNIST's 10,000-image test set; genjax holds out a fixed 1,000 of it
(data.test_fraction 0.1, the same permutation in every run) and trains on the other 9,000, so every
number below is on those 1,000 held-out images (or their rotating sequences). Each row trains its
config for the steps in its row (the ROWS table here) times --scale (resumed if interrupted), then is measured once
(kept in RUNS/ROW/table_row.json). NLL: the IWAE bound with k = 5,000 on a binarized test set
(Burda et al. 2016). FID: on 10,000 samples, features of the MNIST classifier run
(configs/classifier_mnist.py). Parzen: a Gaussian window on the 10,000 samples, σ chosen on
training images (Goodfellow et al. 2014), in nats of a density on [0, 1] pixels for every row.
"""
import argparse
import dataclasses
import json
import math
import pathlib
import re
import shlex
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np

from genjax.core.files import atomic_write, write_json_atomic
from genjax.data import load_dataset
from genjax.evaluation.evaluate import Options, map_in_chunks, measure
from genjax.evaluation.features import ClassifierFeatures
from genjax.metrics.clustering import clustering_accuracy
from genjax.metrics.frechet import fid_from_features
from genjax.nets import vector_quantizer as vq
from genjax.runs.directory import load_run_config
from genjax.runs.latest import draw_samples, load_latest
from variant_study import ROOT, ensure_trained

@dataclasses.dataclass(frozen=True)
class Row:
  name: str
  config: str
  steps: int
  overrides: tuple[str, ...] = ()
  metrics: tuple[str, ...] = ('fid', 'parzen')
  extra: str = ''   # 'clusters', 'clusters_majority', 'labels', 'perplexity' or 'imputation'


BURDA = ('nll', 'fid', 'parzen')
ROWS = (
    Row('VAE (Burda MLP, k = 1)', 'iwae_mnist', 20_000, ('model.objective=elbo',), BURDA),
    Row('IWAE (Burda MLP, k = 5)', 'iwae_mnist', 20_000, ('model.iwae_samples=5',), BURDA),
    Row('IWAE (Burda MLP, k = 50)', 'iwae_mnist', 20_000, (), BURDA),
    Row('VAE (Kingma & Welling MLP)', 'vae_mnist', 10_000, metrics=BURDA),
    Row('VAE (DCGAN-style conv nets)', 'vae_mnist', 10_000, ('model.encoder=conv', 'model.decoder=conv')),
    Row('AE', 'ae_mnist', 10_000),
    Row('AAE, N(0, I) prior', 'aae_mnist', 3000),
    Row('AAE, unsupervised clustering', 'aae_mnist_clustering', 3000, extra='clusters'),
    Row('AAE, 100 labels', 'aae_mnist_semisupervised', 3000, extra='labels'),
    Row('AAE, 1000 labels', 'aae_mnist_semisupervised', 3000, ('model.num_labels=1000',), extra='labels'),
    Row('Mixture-prior VAE', 'gmvae_mnist', 10_000, metrics=BURDA, extra='clusters'),
    Row('VampPrior VAE', 'vampprior_mnist', 10_000, metrics=BURDA, extra='clusters_majority'),
    Row('VQ-VAE + PixelCNN prior', 'vqvae_mnist', 2000, extra='perplexity'),
    Row('DCGAN', 'dcgan_mnist', 2000),
    Row('GP-VAE', 'gpvae_sequences', 3000, metrics=(), extra='imputation'),
    Row('VAE baseline (white kernel, per frame)', 'gpvae_sequences', 3000,
        ('model.kernel=white', 'model.window=1'), metrics=(), extra='imputation'),
)


def train(row: Row, workdir: pathlib.Path, steps: int) -> None:
  settings = [f'steps={steps}', f'checkpoint_every={max(steps // 4, 1)}', f'sample_every={steps}',
              f'log_every={max(steps // 20, 1)}', *row.overrides]
  subprocess.run([sys.executable, '-m', 'genjax', 'train', '--config', str(ROOT / 'configs' / f'{row.config}.py'),
                  '--workdir', str(workdir), '--no_progress', *(f'--config.{s}' for s in settings)], check=True)


def extra_values(kind: str, method, state, dataset, extractor) -> dict[str, float]:
  """The row's own measure on the held-out split."""
  x, y = dataset.test_x, dataset.test_y
  predicted_class = lambda state, batch: method.predict(state, batch)['probs'].argmax(-1)
  if kind in ('clusters', 'clusters_majority'):
    assign = method.cluster if hasattr(method, 'cluster') else predicted_class
    mapping = 'majority' if kind == 'clusters_majority' else 'one_to_one'
    return {f'clustering accuracy ({mapping})': clustering_accuracy(map_in_chunks(assign, state, x), y, mapping)}
  if kind == 'labels':
    return {'test error %': 100 * float(np.mean(map_in_chunks(predicted_class, state, x) != y))}
  if kind == 'perplexity':
    player = state.players['vqvae']
    codes = map_in_chunks(lambda player, batch: method.terms(
        player.variables(use_ema=True)['params'], player.batch_stats, batch)[1][1], player, x)
    return {'codebook perplexity': float(vq.code_perplexity(jnp.asarray(codes), method.model.num_codes)),
            'codes': method.model.num_codes}
  if kind == 'imputation':
    frames = map_in_chunks(lambda params, batch, mask: method.impute(params, {'x': batch, 'mask': mask}),
                           state.players['gpvae'].variables(use_ema=True)['params'], x, dataset.test_mask)
    missing = ~dataset.test_mask
    # FID of the frames of 1,000 sampled sequences against the held-out sequences' (complete) frames.
    sampled = draw_samples(method, state, jax.random.key(0), len(x))
    (real, _), (fake, _) = (extractor(a.reshape(-1, *a.shape[2:]), dataset.value_range) for a in (x, sampled))
    return {'imputation MSE (missing pixels)': float(np.square(frames - x)[missing].mean()),
            'fid': fid_from_features(real, fake)}
  return {}


def measure_row(row: Row, workdir: pathlib.Path, steps: int, extractor: ClassifierFeatures) -> dict:
  stored, described = workdir / 'table_row.json', json.loads(json.dumps(dataclasses.asdict(row)))
  if stored.exists():
    result = json.loads(stored.read_text())
    if result['step'] == steps and result['row'] == described:
      return result
  train(row, workdir, steps)
  config = load_run_config(str(workdir))
  method, state, spec, step = load_latest(str(workdir))
  dataset = load_dataset(config.data)
  values = {}
  if row.metrics:
    extractor.check(spec)
    for entry in measure(method, state, spec, dataset, extractor, Options(metrics=row.metrics), config.data):
      values[entry['metric']] = entry['value']
    if 'parzen' in values:  # A density on [0, 1] pixels, whatever the run's range: + D·log(high − low).
      low, high = spec.value_range
      values['parzen'] += math.prod(spec.shape) * math.log(high - low)
  values.update(extra_values(row.extra, method, state, dataset, extractor))
  result = {'row': described, 'step': step, 'values': values}
  write_json_atomic(stored, result)
  print(f'{row.name}: ' + ', '.join(f'{k} {v:.4g}' for k, v in values.items()), flush=True)
  return result


COLUMNS = (('nll_nats', 'test NLL (nats)'), ('elbo', 'ELBO'), ('fid', 'FID'), ('parzen', 'Parzen LL (nats)'),
           ('codebook perplexity', 'perplexity'), ('clustering accuracy (one_to_one)', 'clustering acc.'),
           ('clustering accuracy (majority)', 'clustering acc. (majority)'), ('test error %', 'error %'),
           ('imputation MSE (missing pixels)', 'imputation MSE'))


def markdown(results: list[dict], command: str) -> str:
  shown = [(key, title) for key, title in COLUMNS if any(key in r['values'] for r in results)]
  lines = ['# The autoencoder family on MNIST', '', f'Command: `{command}`', '',
           f'jax {jax.__version__} on {jax.devices()[0].platform}. ' + ' '.join(__doc__.split('\n\n')[2].split()), '',
           '| model | config (overrides) | steps | ' + ' | '.join(title for _, title in shown) + ' |',
           '|---|---|---:|' + '---:|' * len(shown)]
  for r in results:
    row = r['row']
    config = row['config'] + (f" ({', '.join(row['overrides'])})" if row['overrides'] else '')
    cells = [f"{r['values'][key]:.4g}" if key in r['values'] else '' for key, _ in shown]
    lines.append(f"| {row['name']} | {config} | {r['step']:,} | " + ' | '.join(cells) + ' |')
  return '\n'.join(lines) + '\n'


def config_workdir(runs: pathlib.Path, row: Row) -> pathlib.Path:
  """RUNS/CONFIG[_KEY_VALUE...]: one run per config and overrides, shared by the tables that use it."""
  return runs / re.sub('[^A-Za-z0-9]+', '_', '_'.join([row.config, *row.overrides]))


def table_arguments(doc: str, name: str, rows: bool = False, runs: str = '') -> argparse.Namespace:
  """The command line of a table script `name`: --scale, --runs (default runs/RUNS or runs/NAME),
  --out (default docs/results/NAME.md) and, with `rows`, --rows."""
  parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
  parser.add_argument('--scale', type=float, default=1.0, help="multiplies every row's steps")
  parser.add_argument('--runs', default=str(ROOT / 'runs' / (runs or name)))
  parser.add_argument('--out', default=str(ROOT / 'docs' / 'results' / f'{name}.md'))
  if rows:
    parser.add_argument('--rows', default='', help='comma-separated row numbers (from 0) to run; all if empty')
  args = parser.parse_args()
  if args.scale <= 0:
    parser.error(f'--scale must be > 0, got {args.scale}')
  if rows and args.rows and not all(i.isdigit() and int(i) < len(ROWS) for i in args.rows.split(',')):
    parser.error(f'--rows takes row numbers 0..{len(ROWS) - 1}, got {args.rows!r}')
  return args


def main() -> None:
  args = table_arguments(__doc__, 'autoencoders', rows=True)
  runs = pathlib.Path(args.runs)
  extractor = ClassifierFeatures(ensure_trained(ROOT / 'runs', 'classifier_mnist'))  # Loaded once, for every row.
  chosen = [ROWS[int(i)] for i in args.rows.split(',')] if args.rows else ROWS
  results = [measure_row(row, runs / re.sub('[^a-z0-9]+', '_', row.name.lower()).strip('_'),
                         max(round(row.steps * args.scale), 1), extractor) for row in chosen]
  write_json_atomic(pathlib.Path(args.out).with_suffix('.json'), results)
  with atomic_write(args.out) as tmp:
    pathlib.Path(tmp).write_text(markdown(results, shlex.join(['python', *sys.argv])))


if __name__ == '__main__':
  main()
