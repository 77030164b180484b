"""`Run`: a trained run read back from its workdir, and what can be done with it from Python; the
after-training commands are this object's methods behind a parser."""
import dataclasses
import functools
import pathlib

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np

from genjax.core.state import TrainState
from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError
from genjax.methods import Method
from genjax.methods.base import (AdversarialField, ClassConditional, ClassPredictor, ClassPriorSampler, Decoder, Encoder,
                                 NoiseSampler, PriorSampler, Sampler, Translator, unconditional)
from genjax.runs.directory import load_run_config
from genjax.runs.latest import draw_samples, jit_sample, load_latest


def load(workdir: str | pathlib.Path) -> 'Run':
  """The newest checkpoint of the run in `workdir` (its data is not read until a tool needs it).

    run = genjax.load('runs/ae_digits')
    codes = run.encode(x)
  """
  workdir = str(workdir)
  config = load_run_config(workdir)
  method, state, spec, step = load_latest(workdir)
  return Run(workdir, config, step, method, state, spec)


@dataclasses.dataclass(frozen=True, eq=False)
class Run:
  """A trained run: its `workdir`, the `config` it ran with, the `step`, `method`, `state` and data
  `spec` of its newest checkpoint. Compiled functions are built on first use and kept.

    run = genjax.load('runs/cgan_digits')
    threes = run.sample(16, label=3)   # then label=4 reuses the same compiled program
  """
  workdir: str
  config: ml_collections.ConfigDict = dataclasses.field(repr=False)
  step: int
  method: Method = dataclasses.field(repr=False)
  state: TrainState = dataclasses.field(repr=False)
  spec: DataSpec

  @functools.cached_property
  def dataset(self):
    """The run's data (held-out split included), read once on first use."""
    from genjax.data.run_data import open_run_data  # pylint: disable=import-outside-toplevel  # heavy
    return open_run_data(self.config.data)

  @functools.cached_property
  def _sample(self):
    return jit_sample(self.method)

  @functools.cached_property
  def _compiled(self) -> dict:
    return {}

  def jitted(self, name: str):
    """The method's function `name` (e.g. 'encode'), jitted once for this run and kept.

      codes = run.jitted('encode')(run.state, x)   # a jax.Array; run.encode(x) gives a NumPy array
    """
    if name not in self._compiled:
      self._compiled[name] = jax.jit(getattr(self.method, name))
    return self._compiled[name]

  @functools.cached_property
  def _predict(self):
    return jax.jit(lambda state, x: jnp.argmax(self.method.predict(state, x)['probs'], axis=-1))

  def sample(self, num: int, seed: int = 0, label: int | None = None) -> np.ndarray:
    """`num` samples drawn with `seed` (of class `label` for a conditional model), as `genjax sample`
    draws them; one compiled program serves every label.

      digits = run.sample(64, seed=0, label=3)   # [64, 8, 8, 1]
    """
    if not isinstance(self.method, Sampler):
      translates = ': it translates images (genjax translate)' if isinstance(self.method, Translator) else ''
      raise GenjaxError(f'{self.workdir}: a {type(self.method).__name__} run draws no samples{translates}')
    if label is not None and not (isinstance(self.method, ClassConditional) and self.method.num_classes):
      unconditional(label)  # Refused here, not inside the compiled program.
    if label is not None:
      self._check_label(label, '--label')
    if num < 1:
      raise GenjaxError(f'--num must be at least 1, got {num}')
    return draw_samples(self.method, self.state, jax.random.key(seed), num, label, sample=self._sample)

  def encode(self, x) -> np.ndarray:
    """Latent codes [B, D] of examples `x` [B, ...] (AE, VAE, AAE, BiGAN).

      codes = run.encode(images)
    """
    self._require(Encoder, 'encoder', 'AE, VAE, AAE, BiGAN')
    return np.asarray(self.jitted('encode')(self.state, jnp.asarray(x, jnp.float32)))

  def decode(self, z, label: int | None = None) -> np.ndarray:
    """Examples decoded from latents `z` [B, D] (of class `label` for a conditional GAN).

      images = run.decode(run.encode(images))
    """
    self._require(Decoder, 'decoder of latents', 'AE, VAE, AAE, GAN, BiGAN, CoGAN')
    z = jnp.asarray(z, jnp.float32)
    if label is None:
      return np.asarray(self.jitted('decode')(self.state, z))
    if not (isinstance(self.method, ClassConditional) and isinstance(self.method, NoiseSampler)
            and self.method.num_classes):
      raise GenjaxError(f'{self.workdir}: decode(label=...) needs a conditional GAN (cgan_*, biggan_*)')
    self._check_label(label)
    return np.asarray(self.jitted('decode')(self.state, z, jnp.full((len(z),), label, jnp.int32)))

  def prior_sample(self, num: int, seed: int = 0, label: int | None = None) -> np.ndarray:
    """`num` codes [num, D] of the run's prior drawn with `seed`, shaped as `encode` gives them (VAE,
    AAE, BiGAN); of class `label` for an AAE trained with labels ('concat': from that class's region
    of the prior; 'categorical': its one-hot class beside a style drawn from p(z)).

      draws = run.prior_sample(100, seed=0, label=3)   # then run.decode(draws): digits 3
    """
    self._require(PriorSampler, 'prior over codes', 'VAE, AAE, BiGAN')
    key = jax.random.key(seed)
    if label is None:
      return np.asarray(self.method.prior_sample(self.state, key, num))
    if not (isinstance(self.method, ClassPriorSampler) and self.method.num_classes):
      raise GenjaxError(f"{self.workdir}: prior_sample(label=...) needs an AAE trained with labels "
                        f"(model.conditioning 'concat' or 'categorical')")
    self._check_label(label)
    return np.asarray(self.method.prior_sample_classes(self.state, key, jnp.full((num,), label, jnp.int32)))

  def discriminate(self, x) -> np.ndarray:
    """The discriminator's raw outputs on examples `x` [B, ...] (an unconditional GAN on points, as
    GAN Lab draws its background): logits of P(real) where `run.method.loss.probabilistic`, else
    critic scores.

      d_real = jax.nn.sigmoid(run.discriminate(points)).mean()
    """
    self._require(AdversarialField, 'discriminator field', 'unconditional GANs')
    if isinstance(self.method, ClassConditional) and self.method.num_classes:
      raise GenjaxError(f'{self.workdir}: discriminate needs an unconditional GAN; this one judges labelled examples')
    return np.asarray(self.jitted('discriminator_outputs')(self.state, jnp.asarray(x, jnp.float32)))

  def gan_lab_frames(self) -> list[pathlib.Path]:
    """The GAN Lab frames the trainer wrote into WORKDIR/gan_lab at each sample step (a GAN on 2-D
    points), in step order; [] before the first.

      frames = run.gan_lab_frames()[-4:]   # the last four, step_00001000.png, ...
    """
    from genjax.viz.frames import step_frames  # pylint: disable=import-outside-toplevel  # genjax.viz: matplotlib
    self._require(AdversarialField, 'GAN Lab frames', 'GANs on 2-D points')
    if self.spec.shape != (2,):
      raise GenjaxError(f'{self.workdir}: GAN Lab frames are drawn for 2-D points, not data of shape {self.spec.shape}')
    return list(step_frames(pathlib.Path(self.workdir) / 'gan_lab').values())

  def _check_label(self, label: int, flag: str = 'label') -> None:
    """A one-line GenjaxError unless `label` is a class of the run's (class-conditional) method."""
    if not 0 <= label < self.method.num_classes:
      raise GenjaxError(f'{flag} {label} is not a class of this run (it has {self.method.num_classes})')

  def classify(self, x, probs: bool = False) -> np.ndarray:
    """Class indices [B] of examples `x` (classifier runs, the categorical AAE: its clusters), or with
    `probs` the class probabilities [B, classes].

      predicted = run.classify(images)
      confidence = run.classify(images, probs=True).max(axis=1)
    """
    self._require(ClassPredictor, 'class prediction', 'classifier runs and the categorical AAE')
    x = jnp.asarray(x, jnp.float32)
    return np.asarray(self.jitted('predict')(self.state, x)['probs'] if probs else self._predict(self.state, x))

  def _require(self, capability: type, what: str, which: str) -> None:
    """A one-line GenjaxError unless the method has `capability` (a Protocol of genjax.methods.base)."""
    if not isinstance(self.method, capability):
      raise GenjaxError(f'{self.workdir}: a {type(self.method).__name__} run has no {what} ({which} have one)')

  def evaluate(self, metrics: tuple[str, ...] = (), num_samples: int = 0, seed: int = 0, classifier: str = '',
               inception_weights: str = '', iwae_samples: int = 5000, reference: str | None = None,
               progress: bool = False) -> dict[str, dict]:
    """Measures the run as `genjax eval` does and writes its eval.json; returns {metric: row}, each
    row what eval.json holds (value, std, num_samples, feature_extractor, step, seed). `progress`
    prints what `genjax eval` says as it goes.

      fid = run.evaluate(('fid',), classifier='runs/classifier_digits')['fid']['value']
    """
    from genjax.evaluation import evaluate  # pylint: disable=import-outside-toplevel  # heavy; imports this module
    options = evaluate.options(metrics, num_samples, seed, classifier, inception_weights, iwae_samples)
    say = (lambda line: print(f'genjax: eval: {line}', flush=True)) if progress else None
    rows = evaluate.evaluate_run(self, options, reference=reference, say=say)
    return {row['metric']: row for row in rows}

  def metrics(self) -> list[dict]:
    """The logged steps of metrics.jsonl, one dict per line ({'step': s, NAME: mean, ...}).

      losses = [entry['loss'] for entry in run.metrics()]
    """
    from genjax.runs.training_log import logged_lines  # pylint: disable=import-outside-toplevel
    path = pathlib.Path(self.workdir) / 'metrics.jsonl'
    return [entry for _, entry in logged_lines(path)] if path.exists() else []

  def restore(self, task: str, num: int = 8, seed: int = 0, steps: int = 500, restarts: int = 4,
              mask: str = 'center', fraction: float = 0.5, factor: int = 2, out: str | None = None) -> dict:
    """Restores the first `num` held-out images degraded by `task` (inpaint, superres, colorize) as
    `genjax restore` does: restore.json's report, plus 'images', the arrays {'truth', 'observation',
    'restored'}; writes restore.json and restore.png into the folder `out` where given.

      restored = run.restore('inpaint', num=8)
      psnr, images = restored['restored']['image']['psnr'], restored['images']['restored']
    """
    from genjax.tools.restore import restore  # pylint: disable=import-outside-toplevel  # tools import this module
    return restore(self, task, num, seed, steps, restarts, mask, fraction, factor, out)

  def interpolate(self, mode: str = 'spherical', steps: int = 10, pairs: int = 8, seed: int = 0,
                  encode: bool = False, out: str | None = None) -> np.ndarray:
    """Decoded latent paths [pairs * steps, ...], pair by pair, as `genjax interpolate` draws them;
    writes them to `out` (.png or .gif) where given.

      strips = run.interpolate('linear', steps=8, pairs=4, encode=True)
    """
    from genjax.tools.interpolate import interpolate  # pylint: disable=import-outside-toplevel
    return interpolate(self, mode, steps, pairs, seed, encode, out)

  def latents(self, out: str, num: int = 1000, seed: int = 0) -> list[pathlib.Path]:
    """Writes `genjax latents`' pictures of `num` held-out images into the folder `out`; returns their paths.

      run.latents('runs/ae_digits/latents')
    """
    from genjax.tools.latents import latents  # pylint: disable=import-outside-toplevel
    return latents(self, out, num, seed)

  def translate(self, num: int = 8, out: str | None = None) -> dict[str, np.ndarray]:
    """A CycleGAN run's translations of the first `num` held-out pairs: {column: images [num, ...]}
    for the columns a, G(a), F(G(a)), b, F(b), G(F(b)); writes `out` (.png or .npz) where given.

      rows = run.translate(4)['ab']
    """
    from genjax.tools.translate import translate  # pylint: disable=import-outside-toplevel
    return translate(self, num, out)
