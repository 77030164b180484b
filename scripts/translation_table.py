"""CycleGAN translation on MNIST: does the digit survive the trip? Writes docs/results/translation.md
(and .json) and a translation grid per row beside it.

  GENJAX_DATA_DIR=../shared/data python scripts/translation_table.py [--scale 1] [--runs runs/translation]

Each row trains its config for its steps times --scale (resumed if interrupted), then measures on
the pair's held-out examples: the classifier run configs/classifier_mnist.py labels the translations
into the MNIST domain (`genjax eval --metrics translation_accuracy`), beside its accuracy on the
untranslated images (the score of doing nothing), and the mean absolute round-trip error per domain
in [0, 1]-pixel units (`cycle_error`). The MNIST classifier was trained on 9,000 of the 10,000 MNIST
images that both pairs draw from, so some translated digits come from images it saw upright.
"""
import json
import pathlib
import shlex
import sys
import time

from autoencoder_table import Row, config_workdir, table_arguments, train
from genjax.core.files import atomic_write, write_json_atomic
from genjax.evaluation.evaluate import Options, TRANSLATION_METRICS, evaluate
from genjax.tools.translate import translate_command
from variant_study import ROOT, ensure_trained

ROWS = (
    Row('MNIST ↔ MNIST rotated 90°', 'cyclegan_mnist_rotated', 3000),
    Row('digits (8x8, upsampled) ↔ MNIST', 'cyclegan_digits_mnist', 3000),
)


def measure_row(row: Row, workdir: pathlib.Path, steps: int, classifier: str, pictures: pathlib.Path) -> dict:
  stored = workdir / 'table_row.json'
  if stored.exists():
    result = json.loads(stored.read_text())
    if result['step'] == steps and result['config'] == row.config:
      return result
  start = time.perf_counter()
  train(row, workdir, steps)
  train_s = time.perf_counter() - start
  rows = evaluate(str(workdir), Options(metrics=TRANSLATION_METRICS, classifier=classifier))
  picture = pictures / f'translation_{row.config}.png'
  translate_command(str(workdir), str(picture), num=8)
  result = {'name': row.name, 'config': row.config, 'step': steps, 'train_s': round(train_s, 1),
            'values': {r['metric']: r['value'] for r in rows}, 'picture': picture.name}
  write_json_atomic(stored, result)
  print(f"{row.name}: {result['values']}", flush=True)
  return result


def markdown(results: list[dict], command: str) -> str:
  lines = ['# Unpaired translation with CycleGAN', '', f'Command: `{command}`', '', __doc__.split('\n\n')[2], '',
           '| pair | config | steps | translated into MNIST: accuracy | untranslated: accuracy | '
           'cycle error A | cycle error B | train s |', '|---|---|---:|---:|---:|---:|---:|---:|']
  for r in results:
    values = r['values']
    translated = next(k for k in values if k.startswith('translation_accuracy_'))
    untranslated = next(k for k in values if k.startswith('untranslated_accuracy_'))
    lines.append(f"| {r['name']} | {r['config']} | {r['step']:,} | {100 * values[translated]:.1f} % "
                 f"({translated[-2]} → {translated[-1]}) | {100 * values[untranslated]:.1f} % | "
                 f"{values['cycle_error_a']:.4f} | {values['cycle_error_b']:.4f} | {r['train_s']:.0f} |")
  lines += ['', 'Rows of each picture: held-out pairs; columns a, G(a), F(G(a)), b, F(b), G(F(b)).', '']
  lines += [f"![{r['name']}]({r['picture']})" for r in results]
  return '\n'.join(lines) + '\n'


def main() -> None:
  args = table_arguments(__doc__, 'translation')
  out = pathlib.Path(args.out)
  classifier = ensure_trained(ROOT / 'runs', 'classifier_mnist')
  results = [measure_row(row, config_workdir(pathlib.Path(args.runs), row),
                         max(round(row.steps * args.scale), 1), classifier, out.parent) for row in ROWS]
  write_json_atomic(out.with_suffix('.json'), results)
  with atomic_write(out) as tmp:
    pathlib.Path(tmp).write_text(markdown(results, shlex.join(['python', *sys.argv])))


if __name__ == '__main__':
  main()
