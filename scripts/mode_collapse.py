"""The mode-collapse table on the 2-D toys: GAN variants, S seeds each, PacGAN's toy networks and
optimizer (MLP G 4 x 400 ReLU, 2-D noise, D 3 x 200, Adam 1e-4 β1 0.8, batch 100: configs/gan_ring8.py).

  python scripts/mode_collapse.py --seeds 5 --steps 20000 --out docs/results/mode_collapse.md

Each (toy, variant) is one `genjax sweep` (all seeds in one compiled program) in RUNS/TOY/VARIANT,
resumed if interrupted. Metrics on 2,500 samples per seed (DESIGN.md's recipe): modes captured, %
high-quality samples, reverse KL of the mode histogram. `steps` counts generator updates; WGAN-GP
takes 5 critic updates (and 5 batches) per step.
"""
import argparse
import pathlib

from genjax.evaluation.evaluate import Options
from variant_study import ROOT, run_variant, write_tables

# PacGAN (Lin et al. 2018) Table 1, and VEEGAN (Srivastava et al. 2017) Table 1 for the unrolled GAN.
PUBLISHED = {
    'ring8': {'non_saturating': {'modes': '6.3'}, 'unrolled': {'modes': '7.6'},
              'pacgan4': {'modes': '7.8', 'high_quality': '95.9'}},
    'grid25': {'non_saturating': {'modes': '17.3'}, 'unrolled': {'modes': '23.6'},
               'pacgan4': {'modes': '24.8', 'high_quality': '93.6'}},
}
VARIANTS = ('minimax', 'non_saturating', 'label_smoothing', 'unrolled', 'wgan_gp', 'pacgan2', 'pacgan4')
COLUMNS = [('modes', 'modes', 1), ('high_quality', '% HQ', 1), ('reverse_kl', 'reverse KL', 2)]


def main() -> None:
  parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
  parser.add_argument('--toys', default='ring8,grid25')
  parser.add_argument('--variants', default=','.join(VARIANTS))
  parser.add_argument('--seeds', type=int, default=5)
  parser.add_argument('--steps', type=int, default=20_000)
  parser.add_argument('--runs', default='runs/mode_collapse')
  parser.add_argument('--out', default='docs/results/mode_collapse.md')
  parser.add_argument('--set', action='append', default=[], metavar='KEY=VALUE',
                      help='more config overrides, e.g. steps_per_dispatch=100 on a GPU')
  args = parser.parse_args()
  overrides = [f'steps={args.steps}', f'checkpoint_every={max(args.steps // 4, 1)}',
               f'sample_every={args.steps}', f'log_every={max(args.steps // 20, 1)}', *args.set]
  sections = []
  for toy in args.toys.split(','):
    rows = [{'variant': variant, 'published': PUBLISHED[toy].get(variant, {}),
             'result': run_variant(f'gan_{toy}', variant, overrides, args.seeds,
                                   pathlib.Path(args.runs) / toy / variant, Options(metrics=('modes',)))}
            for variant in args.variants.split(',')]
    sections.append((toy, rows))
  intro = (f'{args.steps:,} generator steps per run, {args.seeds} seeds per variant (seeds 0..{args.seeds - 1}), '
           '2,500 samples per seed; mean ± sample std over seeds. Published values: PacGAN Table 1 '
           '(GAN, PacGAN4), VEEGAN Table 1 (unrolled); they trained longer than this budget may. '
           'Pictures: `samples/seed_S.png` in each run directory.')
  write_tables(ROOT / args.out, 'Mode collapse on the 2-D toys', intro, sections, COLUMNS)


if __name__ == '__main__':
  main()
