"""The GAN players a config can name: MLP (2-D toys, flat data), DCGAN, BigGAN-style and ResNet nets."""
import jax.numpy as jnp
import ml_collections

from genjax import nets
from genjax.data.spec import DataSpec
from genjax.methods.base import pick_net


def player_config() -> ml_collections.ConfigDict:
  """Net keys of the GAN model config. The toggles default to Radford et al.'s DCGAN guidelines
  (strided convs, batch norm in G, LeakyReLU in D, no hidden dense layer); the MLP players take
  g_batchnorm and d_activation too ('maxout' with d_maxout_pieces: the MLP D only).
  The ResNet players (SNGAN, Miyato et al. 2018) read g_features and d_features as their blocks'
  widths, d_downsamplings (D's first blocks that halve the size), spectral_norm for D and
  g_spectral_norm for G (BigGAN normalizes both, SNGAN only D), and attention_resolution."""
  return ml_collections.ConfigDict(dict(
      generator='mlp', discriminator='mlp', g_hidden=(400, 400), d_hidden=(400, 400),
      g_features=(128, 64), d_features=(64, 128), g_batchnorm=True, d_batchnorm=False,
      g_upsample='transposed', g_hidden_dense=0, d_activation='leaky_relu', d_maxout_pieces=5,
      d_downsample='strided', d_downsamplings=2,
      attention_resolution=0, spectral_norm=True, g_spectral_norm=False))


def build_generator(model: ml_collections.ConfigDict, spec: DataSpec, num_classes: int, dtype: jnp.dtype):
  output = 'tanh' if spec.kind == 'image' else 'none'
  return pick_net(model.generator, 'generator', spec, {
      'mlp': lambda: nets.MLPGenerator(hidden=tuple(model.g_hidden), out_shape=spec.shape,
                                       use_batchnorm=model.g_batchnorm, output_activation=output,
                                       num_classes=num_classes, dtype=dtype),
      'dcgan': lambda: nets.DCGANGenerator(
          out_shape=spec.shape, features=tuple(model.g_features), use_batchnorm=model.g_batchnorm,
          upsample=model.g_upsample, hidden_dense=model.g_hidden_dense, num_classes=num_classes,
          dtype=dtype),
      'biggan': lambda: nets.BigGANGenerator(
          out_shape=spec.shape, features=tuple(model.g_features), num_classes=num_classes,
          attention_resolution=model.attention_resolution, spectral_norm=model.spectral_norm,
          dtype=dtype),
      'resnet': lambda: nets.ResNetGenerator(
          out_shape=spec.shape, features=tuple(model.g_features), num_classes=num_classes,
          spectral_norm=model.g_spectral_norm, attention_resolution=model.attention_resolution,
          dtype=dtype)})


def build_discriminator(model: ml_collections.ConfigDict, spec: DataSpec, num_classes: int, dtype: jnp.dtype):
  conditioning = model.conditioning if num_classes else 'concat'  # unconditional: not used
  return pick_net(model.discriminator, 'discriminator', spec, {
      'mlp': lambda: nets.MLPDiscriminator(hidden=tuple(model.d_hidden), num_classes=num_classes,
                                           conditioning=conditioning, activation=model.d_activation,
                                           maxout_pieces=model.d_maxout_pieces, dtype=dtype),
      'dcgan': lambda: nets.DCGANDiscriminator(
          features=tuple(model.d_features), use_batchnorm=model.d_batchnorm, activation=model.d_activation,
          downsample=model.d_downsample, num_classes=num_classes, conditioning=conditioning, dtype=dtype),
      'biggan': lambda: nets.BigGANDiscriminator(
          features=tuple(model.d_features), num_classes=num_classes, conditioning=conditioning,
          attention_resolution=model.attention_resolution, spectral_norm=model.spectral_norm,
          dtype=dtype),
      'resnet': lambda: nets.ResNetDiscriminator(
          features=tuple(model.d_features), downsamplings=model.d_downsamplings, num_classes=num_classes,
          conditioning=conditioning, spectral_norm=model.spectral_norm,
          attention_resolution=model.attention_resolution, dtype=dtype)})
