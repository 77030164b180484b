"""The mode-collapse table on stacked MNIST (three independent digits as RGB, 1,000 modes): DCGAN,
unrolled GAN and PacGAN on configs/dcgan_stacked_mnist.py's networks, S seeds each.

  GENJAX_DATA_DIR=../shared/data python scripts/stacked_mnist.py --seeds 2 --steps 5000 --out docs/results/stacked_mnist.md

Each variant is one `genjax sweep` in RUNS/VARIANT, resumed if interrupted. Each of 26,000 samples
per seed gets a digit per channel from the MNIST classifier (RUNS/classifier_mnist, trained with
configs/classifier_mnist.py if missing): modes hit out of 1,000 and KL(generated || uniform).
"""
import argparse
import pathlib

from genjax.evaluation.evaluate import Options
from variant_study import ROOT, ensure_trained, run_variant, write_tables

# PacGAN (Lin et al. 2018) Table 3 (VEEGAN's stacked-MNIST setting).
PUBLISHED = {'non_saturating': {'modes': '99.0', 'kl': '3.40'}, 'pacgan2': {'modes': '1000.0', 'kl': '0.06'}}
COLUMNS = [('modes', 'modes', 1), ('kl', 'KL', 2)]


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
  parser.add_argument('--variants', default='non_saturating,unrolled,pacgan2,pacgan4')
  parser.add_argument('--seeds', type=int, default=2)
  parser.add_argument('--steps', type=int, default=5000)
  parser.add_argument('--samples', type=int, default=26_000)
  parser.add_argument('--runs', default='runs/stacked_mnist')
  parser.add_argument('--out', default='docs/results/stacked_mnist.md')
  parser.add_argument('--set', action='append', default=[], metavar='KEY=VALUE',
                      help='more config overrides, e.g. steps_per_dispatch=100 on a GPU')
  args = parser.parse_args()
  runs = pathlib.Path(args.runs)
  classifier = ensure_trained(runs, 'classifier_mnist')
  overrides = [f'steps={args.steps}', f'checkpoint_every={max(args.steps // 5, 1)}',
               f'sample_every={args.steps}', f'log_every={max(args.steps // 20, 1)}', *args.set]
  options = Options(metrics=('modes',), num_samples=args.samples, classifier=classifier)
  rows = [{'variant': variant, 'published': PUBLISHED.get(variant, {}),
           'result': run_variant('dcgan_stacked_mnist', variant, overrides, args.seeds, runs / variant, options)}
          for variant in args.variants.split(',')]
  intro = (f'{args.steps:,} generator steps per run, {args.seeds} seeds per variant, {args.samples:,} samples '
           'per seed; mean ± sample std over seeds. Published values: PacGAN Table 3, DCGAN and PacDCGAN2 '
           'in VEEGAN\'s setting (a smaller network and a longer run than here).')
  write_tables(ROOT / args.out, 'Mode collapse on stacked MNIST', intro, [('stacked MNIST', rows)], COLUMNS)


if __name__ == '__main__':
  main()
