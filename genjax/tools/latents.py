"""Latent-space pictures of a trained autoencoder: `genjax latents --workdir DIR --out DIR`.

For any method of images that is an `Encoder` and a `Decoder` (AE, VAE, AAE, BiGAN), written to
the --out folder:
- reconstructions.png: test inputs (odd rows) above their reconstructions (even rows);
- interpolation_linear.png, interpolation_spherical.png: one row per pair of test images, the
  decoded path between their codes (White 2016 for the spherical path);
- for 2-D codes, manifold.png (the decoded latent grid, Kingma & Welling 2014 Fig. 4) and
  latents.png (encoded test points coloured by label, beside samples of the method's prior when it
  is a `PriorSampler`: the AAE's prior against its aggregate posterior).
"""
import pathlib

import jax
import numpy as np

from genjax import viz
from genjax.core.files import check_target, writing
from genjax.errors import GenjaxError
from genjax.methods.base import Decoder, Encoder, PriorSampler
from genjax.runs.run import Run, load
from genjax.viz.latent import interpolation_path, manifold_latents, save_latent_scatter
from genjax.viz.samples import GRID_UPSCALE

STEPS = 10      # images per interpolation row
MANIFOLD = 20   # the manifold grid is MANIFOLD x MANIFOLD


def check_latents(out: str, num: int) -> pathlib.Path:
  """The --out folder, refused before any work (as a too small `num`) if it cannot be written."""
  if num < 2:
    raise GenjaxError(f'--num must be at least 2, got {num}')
  return check_target(out, folder=True)


def latents(run: Run, out: str, num: int = 1000, seed: int = 0) -> list[pathlib.Path]:
  """Writes the pictures for `num` test images (drawn with `seed`) into the folder `out`; returns their paths."""
  folder = check_latents(out, num)
  method, state, spec = run.method, run.state, run.spec
  if spec.kind != 'image' or not (isinstance(method, Encoder) and isinstance(method, Decoder)):
    raise GenjaxError(f'{run.workdir}: latent pictures need an autoencoder of images: a model that encodes and '
                      'decodes (AE, VAE, AAE, BiGAN)')
  dataset = run.dataset
  x, y = (dataset.test_x, dataset.test_y) if dataset.test_x is not None else (dataset.train_x, dataset.train_y)
  rng = np.random.default_rng(seed)
  chosen = rng.choice(len(x), size=min(num, len(x)), replace=False)
  codes = run.encode(x[chosen])
  with writing(folder):
    folder.mkdir(parents=True, exist_ok=True)

  def save(name, images, ncols):
    with writing(folder / name):
      viz.save_image_grid(folder / name, np.asarray(images), spec.value_range, ncols,
                          upscale=GRID_UPSCALE.get(spec.shape[0], 1))

  pairs = min(8, len(chosen))
  recon = run.decode(codes[:pairs])
  save('reconstructions.png', np.concatenate([x[chosen[:pairs]], recon]), pairs)
  written = [folder / 'reconstructions.png']
  for kind in ('linear', 'spherical'):
    paths = np.concatenate([interpolation_path(codes[i], codes[(i + 1) % pairs], STEPS, kind) for i in range(pairs)])
    save(f'interpolation_{kind}.png', run.decode(paths), STEPS)
    written.append(folder / f'interpolation_{kind}.png')
  if codes.shape[1] == 2:
    save('manifold.png', run.decode(manifold_latents(MANIFOLD)), MANIFOLD)
    prior = (np.asarray(method.prior_sample(state, jax.random.key(seed), len(codes)))
             if isinstance(method, PriorSampler) else None)
    with writing(folder / 'latents.png'):
      save_latent_scatter(folder / 'latents.png', codes, None if y is None else y[chosen], prior)
    written += [folder / 'manifold.png', folder / 'latents.png']
  return written


def latents_command(workdir: str, out: str, num: int, seed: int) -> list[pathlib.Path]:
  """Writes the pictures for `num` test images (drawn with `seed`); returns their paths."""
  check_latents(out, num)
  return latents(load(workdir), out, num, seed)
