"""Inverse problems on MNIST by latent optimization (`genjax restore`): inpainting and
super-resolution with a DCGAN, a VAE and an AE, colorization with a DCGAN on stacked MNIST. Writes
docs/results/restoration.md (and .json) and one before/after grid per row beside it.

  GENJAX_DATA_DIR=../shared/data python scripts/restoration_table.py [--scale 1] [--runs runs/mnist_models]

Each model trains its config for its steps times --scale (resumed if interrupted; the runs are
shared with scripts/linear_probe.py), then restores the first 64 held-out images of each task:
Adam on the latent from 4 starts (the encoder's code of the observation and prior draws for models
with an encoder, prior draws for the DCGAN), 500 steps, the best start kept (Bora et al. 2017).
PSNR and SSIM are means over the images against the ground truth, of the whole image and, for
inpainting, of the missing pixels (SSIM on each image's pixels shifted to [0, 1] whatever the data's
range). Each cell gives the restoration / the observation as a picture (missing pixels at the mean of
the observed ones, low-resolution pixels repeated, the grey level in every channel): the score of
doing nothing.
"""
import json
import pathlib
import shlex
import sys

from autoencoder_table import Row, config_workdir, table_arguments, train
from genjax.core.files import atomic_write, write_json_atomic
from genjax.tools.restore import restore_command

GRAY_TASKS = (('inpaint, centre half missing', dict(task='inpaint', mask='center')),
              ('inpaint, 50% random pixels missing', dict(task='inpaint', mask='random', fraction=0.5)),
              ('super-resolution x2', dict(task='superres', factor=2)),
              ('super-resolution x4', dict(task='superres', factor=4)))
MODELS = ((Row('DCGAN', 'dcgan_mnist', 2000), GRAY_TASKS),
          (Row('VAE (Kingma & Welling)', 'vae_mnist', 10_000), GRAY_TASKS),
          (Row('AE', 'ae_mnist', 10_000), GRAY_TASKS),
          (Row('DCGAN, stacked MNIST (RGB)', 'dcgan_stacked_mnist', 2000), (('colorize', dict(task='colorize')),)))
NUM, STEPS, RESTARTS = 64, 500, 4


def restore_row(row: Row, workdir: pathlib.Path, steps: int, task_name: str, options: dict,
                pictures: pathlib.Path) -> dict:
  """The task's restore.json of the model at `steps`, made unless it exists; its grid copied to `pictures`."""
  slug = '_'.join(str(v) for v in options.values())
  folder = workdir / 'restoration' / slug
  report = folder / 'restore.json'
  if not report.exists() or json.loads(report.read_text())['step'] != steps:
    restore_command(str(workdir), out=str(folder), num=NUM, steps=STEPS, restarts=RESTARTS, **options)
  result = json.loads(report.read_text())
  picture = pictures / f'restoration_{row.config}_{slug}.png'
  with atomic_write(picture) as tmp:
    tmp.write_bytes((folder / 'restore.png').read_bytes())
  return {**result, 'model': row.name, 'config': row.config, 'task': task_name, 'picture': picture.name}


def _cell(value) -> str:
  return '—' if value is None else f'{value:.2f}' if value > 1 else f'{value:.3f}'


def markdown(results: list[dict], command: str) -> str:
  lines = ['# Restoration by latent optimization', '', f'Command: `{command}`', '', __doc__.split('\n\n')[2], '',
           '| model (steps) | task | PSNR image, restored / observed | SSIM image, restored / observed | '
           'PSNR missing, restored / observed | picture |', '|---|---|---:|---:|---:|---|']
  for r in results:
    restored, observed = r['restored'], r['observation']
    missing = (f"{_cell(restored['missing']['psnr'])} / {_cell(observed['missing']['psnr'])}"
               if 'missing' in restored else '—')
    lines.append(f"| {r['model']} ({r['step']:,}) | {r['task']} | {_cell(restored['image']['psnr'])} / "
                 f"{_cell(observed['image']['psnr'])} | {_cell(restored['image']['ssim'])} / "
                 f"{_cell(observed['image']['ssim'])} | {missing} | [grid]({r['picture']}) |")
  lines += ['', 'Each grid: ground truth (top row), observation, restoration.']
  return '\n'.join(lines) + '\n'


def main() -> None:
  args = table_arguments(__doc__, 'restoration', runs='mnist_models')
  out = pathlib.Path(args.out)
  results = []
  for row, tasks in MODELS:
    workdir = config_workdir(pathlib.Path(args.runs), row)
    steps = max(round(row.steps * args.scale), 1)
    train(row, workdir, steps)
    results += [restore_row(row, workdir, steps, name, options, out.parent) for name, options in tasks]
    print(f'{row.name}: done', flush=True)
  write_json_atomic(out.with_suffix('.json'), results)
  with atomic_write(out) as tmp:
    pathlib.Path(tmp).write_text(markdown(results, shlex.join(['python', *sys.argv])))


if __name__ == '__main__':
  main()
