"""Methods by name: each wires nets, losses and one optimizer per player."""
import importlib

import jax.numpy as jnp
import ml_collections

from genjax.data.spec import DataSpec
from genjax.errors import GenjaxError, choose
from genjax.methods.aae import AAE
from genjax.methods.autoencoder import Autoencoder
from genjax.methods.base import Method
from genjax.methods.bigan import BiGAN
from genjax.methods.classifier import Classifier
from genjax.methods.cogan import CoGAN
from genjax.methods.cyclegan import CycleGAN
from genjax.methods.gan import GAN
from genjax.methods.gpvae import GPVAE
from genjax.methods.vae import VAE
from genjax.methods.vqvae import VQVAE

METHODS = {'ae': Autoencoder, 'vae': VAE, 'vqvae': VQVAE, 'gpvae': GPVAE, 'aae': AAE, 'gan': GAN,
           'bigan': BiGAN, 'classifier': Classifier, 'cogan': CoGAN,
           'cyclegan': CycleGAN}


def build_method(config: ml_collections.ConfigDict, spec: DataSpec) -> Method:
  method_class = choose('method', config.method, METHODS)
  check_sizes(config.model)
  return method_class(config.model, config.optim, spec, dtype=jnp.dtype(config.compute_dtype))


SIZE_SUFFIXES = ('dim', 'hidden', 'features')  # model keys that hold a code size or layer widths


def check_sizes(model: ml_collections.ConfigDict) -> None:
  """Code sizes and layer widths (model keys ending in `SIZE_SUFFIXES`) must be positive integers."""
  for key, value in model.items():
    if key.endswith(SIZE_SUFFIXES):
      sizes = value if isinstance(value, (tuple, list)) else (value,)
      if not all(isinstance(size, int) and not isinstance(size, bool) and size >= 1 for size in sizes):
        raise GenjaxError(f'model.{key} must hold positive integers, got {value!r}')


def optimizer_names(method: str) -> tuple[str, ...]:
  """The config.optim entries `method` reads: one optimizer per player (the AAE: one per phase)."""
  return choose('method', method, METHODS).optimizer_names


# Model keys added after runs of the method were saved, whose defaults are what those runs did (read
# only by nets they cannot name: the ResNet players; the AAE's clusters, 0: one per class, and its
# softmax temperature, 1): an older run's config.json takes their defaults instead of being refused.
MODEL_KEYS_ADDED_LATER = {'gan': ('d_downsamplings', 'g_spectral_norm'), 'aae': ('clusters', 'temperature')}


def model_defaults(method: str) -> ml_collections.ConfigDict:
  """The model keys `method` reads, with their defaults: its module's model_config()."""
  return importlib.import_module(choose('method', method, METHODS).__module__).model_config()
