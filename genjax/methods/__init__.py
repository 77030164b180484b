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
  missing = [name for name in method_class.players if name not in config.optim]
  if missing:
    raise GenjaxError(f"config.optim has no entry for player(s) {', '.join(missing)}")
  return method_class(config.model, config.optim, spec, dtype=jnp.dtype(config.compute_dtype))


def model_defaults(method: str) -> ml_collections.ConfigDict:
  """The model keys `method` reads, with their defaults: its module's model_config()."""
  return importlib.import_module(choose('method', method, METHODS).__module__).model_config()
