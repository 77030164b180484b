"""Inverse problems by latent optimization: `genjax restore --workdir D --task T --out DIR`.

Recovers x from y = A(x) (genjax.tools.degradations) as x̂ = decode(ẑ) with
  ẑ = argmin_z ||A(decode(z)) − y||² + λ·||z||²,
the λ-term being the negative log of a Gaussian prior on z (Bora et al. 2017, "Compressed sensing
using generative models", Eq. 2). Adam runs `steps` updates from `restarts` starting points per
image (draws of the model's prior; for models with an encoder the first start is the code of the
lifted observation), all images and restarts in one jitted loop; per image the restart with the
lowest data error is kept. Writes DIR/restore.json (PSNR and SSIM of the restorations and of the
lifted observations against the ground truth, over the whole image and, for inpainting, over its
observed and missing parts) and DIR/restore.png (rows: ground truth, observation, restoration).
"""
import functools
import pathlib
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
import optax

from genjax import viz
from genjax.core.files import check_target, write_json_atomic, writing
from genjax.core.rng import streams
from genjax.errors import GenjaxError
from genjax.methods.base import Decoder, Encoder, NoiseSampler, PriorSampler
from genjax.metrics.image_quality import psnr, ssim
from genjax.runs.run import Run, load
from genjax.tools.degradations import Operator, make_operator
from genjax.viz.samples import GRID_UPSCALE

PRIOR_WEIGHT = 1e-2
LEARNING_RATE = 0.05


def prior_latents(method, state, shape: tuple[int, ...], key: jax.Array, num: int) -> jax.Array:
  """`num` latents of the model's prior, [num, D]: of a `PriorSampler` (VAE, AAE, BiGAN) or a
  `NoiseSampler` (GAN, CoGAN), else N(0, I) shaped like the codes an `Encoder` gives images of
  `shape` (AE)."""
  if isinstance(method, PriorSampler):
    return method.prior_sample(state, key, num)
  if isinstance(method, NoiseSampler):
    return method.latents(key, num)
  codes = jax.eval_shape(method.encode, state, jax.ShapeDtypeStruct((1, *shape), jnp.float32))
  return jax.random.normal(key, (num, codes.shape[-1]))


def check_decodable(method, spec, workdir: str) -> None:
  """Refuses runs whose images cannot be decoded from a latent (not images, or not a `Decoder`)."""
  if spec.kind != 'image' or not isinstance(method, Decoder):
    raise GenjaxError(f'{workdir}: this needs a model of images that decodes latents '
                      '(AE, VAE, AAE, GAN, BiGAN, CoGAN)')


@functools.partial(jax.jit, static_argnames=('decode', 'steps'))
def optimize_latents(decode: Callable, params, operator: Operator, y: jax.Array, starts: jax.Array,
                     steps: int, prior_weight: float = PRIOR_WEIGHT,
                     learning_rate: float = LEARNING_RATE) -> dict[str, jax.Array]:
  """Minimizes ||A(decode(params, z)) − y||² + λ||z||² from every start, keeping per image the best.

  Args:
    decode: (params, z [N, D]) -> images [N, H, W, C]; each image must depend on its own z only.
    params: what `decode` reads (a TrainState).
    operator: A.
    y: observations [B, ...] = A(x).
    starts: initial latents [B, R, D], R restarts per image.
    steps: Adam updates.
    prior_weight: λ.
    learning_rate: Adam's.

  Returns:
    'latents' [B, D], 'images' [B, H, W, C] (decoded) and 'data_error' [B], the mean squared error
    of A(x̂) against y over y's elements (inpainting: the missing ones are 0 in both), of the
    restart with the lowest such error.
  """
  num, restarts, dim = starts.shape
  targets = jnp.repeat(y, restarts, axis=0)

  def data_errors(z):
    residual = operator.forward(decode(params, z)) - targets
    return jnp.square(residual).reshape(len(z), -1)

  def objective(z):  # A sum over (image, restart) pairs: each pair's gradient is its own.
    return data_errors(z).sum() + prior_weight * jnp.square(z).sum()

  optimizer = optax.adam(learning_rate)

  def update(_, carry):
    z, opt_state = carry
    updates, opt_state = optimizer.update(jax.grad(objective)(z), opt_state, z)
    return optax.apply_updates(z, updates), opt_state

  z = starts.reshape(num * restarts, dim)
  z, _ = jax.lax.fori_loop(0, steps, update, (z, optimizer.init(z)))
  errors = data_errors(z).mean(axis=1).reshape(num, restarts)
  best = jnp.take_along_axis(z.reshape(num, restarts, dim), errors.argmin(axis=1)[:, None, None], axis=1)[:, 0]
  return {'latents': best, 'images': decode(params, best), 'data_error': errors.min(axis=1)}


@functools.partial(jax.jit, static_argnames='value_range')
def quality(estimate: jax.Array, truth: jax.Array, value_range, operator: Operator) -> dict:
  """Mean PSNR and SSIM over images: of the whole image and, for inpainting, of the observed and
  the missing pixels."""
  regions = {'image': None}
  if operator.mask is not None:
    regions.update(observed=operator.mask, missing=~operator.mask)
  return {name: {'psnr': psnr(estimate, truth, value_range, mask).mean(),
                 'ssim': ssim(estimate, truth, value_range, mask).mean()}
          for name, mask in regions.items()}


def _finite_or_none(value) -> float | None:
  """JSON has no infinity: the PSNR of an exact match (e.g. of the observed pixels) is written as null."""
  value = float(value)
  return value if np.isfinite(value) else None


def check_restore(out: str | None, num: int, steps: int, restarts: int) -> pathlib.Path | None:
  """The --out folder (None for none), refused before any work (as counts below 1) if it cannot be written."""
  for name, value in (('--num', num), ('--steps', steps), ('--restarts', restarts)):
    if value < 1:
      raise GenjaxError(f'{name} must be at least 1, got {value}')
  return None if out is None else check_target(out, folder=True)


def restore(run: Run, task: str, num: int = 8, seed: int = 0, steps: int = 500, restarts: int = 4,
            mask: str = 'center', fraction: float = 0.5, factor: int = 2, out: str | None = None) -> dict:
  """Restores the first `num` held-out images degraded by `task`: the report restore.json holds, plus
  'images', the arrays {'truth', 'observation', 'restored'}; writes out/restore.json and
  out/restore.png where `out` is given."""
  folder = check_restore(out, num, steps, restarts)
  method, state, spec = run.method, run.state, run.spec
  check_decodable(method, spec, run.workdir)
  mask_key, start_key = streams(jax.random.key(seed), 'mask', 'starts')
  operator = make_operator(task, spec.shape, mask_key, mask, fraction, factor)
  dataset = run.dataset
  truth = jnp.asarray((dataset.test_x if dataset.test_x is not None else dataset.train_x)[:num])
  num = len(truth)
  y = operator.forward(truth)
  observation = operator.lift(y, spec.shape[-1])
  starts = prior_latents(method, state, spec.shape, start_key, num * restarts).reshape(num, restarts, -1)
  if isinstance(method, Encoder):
    starts = starts.at[:, 0].set(run.encode(observation))
  result = optimize_latents(method.decode, state, operator, y, starts, steps)
  report = {'task': task, 'step': run.step, 'num': num, 'steps': steps, 'restarts': restarts,
            'prior_weight': PRIOR_WEIGHT, 'observation_mse': float(result['data_error'].mean()),
            **jax.tree.map(_finite_or_none, {
                'restored': quality(result['images'], truth, spec.value_range, operator),
                'observation': quality(observation, truth, spec.value_range, operator)})}
  if task == 'inpaint':
    report['mask'] = mask
    if mask == 'random':
      report['fraction'] = fraction
  elif task == 'superres':
    report['factor'] = factor
  images = dict(zip(('truth', 'observation', 'restored'), jax.device_get([truth, observation, result['images']])))
  if folder is not None:
    with writing(folder):
      folder.mkdir(parents=True, exist_ok=True)
    with writing(folder / 'restore.json'):
      write_json_atomic(folder / 'restore.json', report)
    with writing(folder / 'restore.png'):
      viz.save_image_grid(folder / 'restore.png', np.concatenate(list(images.values())), spec.value_range,
                          ncols=num, upscale=GRID_UPSCALE.get(spec.shape[0], 1))
  return {**report, 'images': {name: np.asarray(value) for name, value in images.items()}}


def restore_command(workdir: str, task: str, out: str, num: int = 8, seed: int = 0, steps: int = 500,
                    restarts: int = 4, mask: str = 'center', fraction: float = 0.5,
                    factor: int = 2) -> list[pathlib.Path]:
  """Restores the first `num` held-out images degraded by `task`; writes and returns
  out/restore.json and out/restore.png."""
  folder = check_restore(out, num, steps, restarts)
  restore(load(workdir), task, num, seed, steps, restarts, mask, fraction, factor, out)
  return [folder / 'restore.json', folder / 'restore.png']
