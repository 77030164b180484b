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
from genjax.data.run_data import open_run_data
from genjax.errors import GenjaxError
from genjax.methods.base import Decoder, Encoder, PriorSampler
from genjax.runs.directory import load_run_config
from genjax.runs.latest import load_latest
from genjax.viz.latent import interpolation_path, manifold_latents, save_latent_scatter
from genjax.viz.samples import GRID_UPSCALE

STEPS = 10      # images per interpolation row
MANIFOLD = 20   # the manifold grid is MANIFOLD x MANIFOLD


def latents_command(workdir: str, out: str, num: int, seed: int) -> list[pathlib.Path]:
  """Writes the pictures for `num` test images (drawn with `seed`); returns their paths."""
  if num < 2:
    raise GenjaxError(f'--num must be at least 2, got {num}')
  folder = check_target(out, folder=True)
  method, state, spec, _ = load_latest(workdir)
  if spec.kind != 'image' or not (isinstance(method, Encoder) and isinstance(method, Decoder)):
    raise GenjaxError(f'{workdir}: latent pictures need an autoencoder of images: a model that encodes and '
                      'decodes (AE, VAE, AAE, BiGAN)')
  dataset = open_run_data(load_run_config(workdir).data)
  x, y = (dataset.test_x, dataset.test_y) if dataset.test_x is not None else (dataset.train_x, dataset.train_y)
  rng = np.random.default_rng(seed)
  chosen = rng.choice(len(x), size=min(num, len(x)), replace=False)
  encode, decode = jax.jit(method.encode), jax.jit(method.decode)
  codes = np.asarray(encode(state, x[chosen]))
  with writing(folder):
    folder.mkdir(parents=True, exist_ok=True)

  def save(name, images, ncols):
    with writing(folder / name):
      viz.save_image_grid(folder / name, np.asarray(images), spec.value_range, ncols,
                          upscale=GRID_UPSCALE.get(spec.shape[0], 1))

  pairs = min(8, len(chosen))
  recon = np.asarray(decode(state, codes[:pairs]))
  save('reconstructions.png', np.concatenate([x[chosen[:pairs]], recon]), pairs)
  written = [folder / 'reconstructions.png']
  for kind in ('linear', 'spherical'):
    paths = np.concatenate([interpolation_path(codes[i], codes[(i + 1) % pairs], STEPS, kind) for i in range(pairs)])
    save(f'interpolation_{kind}.png', decode(state, paths), STEPS)
    written.append(folder / f'interpolation_{kind}.png')
  if codes.shape[1] == 2:
    save('manifold.png', decode(state, manifold_latents(MANIFOLD)), MANIFOLD)
    prior = (np.asarray(method.prior_sample(state, jax.random.key(seed), len(codes)))
             if isinstance(method, PriorSampler) else None)
    with writing(folder / 'latents.png'):
      save_latent_scatter(folder / 'latents.png', codes, None if y is None else y[chosen], prior)
    written += [folder / 'manifold.png', folder / 'latents.png']
  return written
