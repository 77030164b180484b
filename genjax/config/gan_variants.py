"""Named GAN variants as config overrides, so configs and the mode-collapse study share one recipe.

  minimax          Goodfellow et al. 2014, Eq. 1.
  non_saturating   Goodfellow et al. 2014, Sec. 3 (the model config's default).
  label_smoothing  one-sided, real targets in [0.7, 0.9] (Salimans et al. 2016, Sec. 3.4).
  unrolled         k = 5 unrolled discriminator updates (Metz et al. 2017).
  wgan_gp          Wasserstein loss, gradient penalty λ = 10, 5 critic updates per generator
                   update (Gulrajani et al. 2017, Algorithm 1).
  pacgan2/pacgan4  the discriminator judges 2 or 4 packed samples (Lin et al. 2018).
  biggan           BigGAN's ingredients (Brock et al. 2019) on a DCGAN config: spectral norm,
                   self-attention, shared class embedding + conditional BN, projection D, hinge
                   loss, 2 D steps, TTUR (G 1e-4, D 4e-4, Adam β1 0), orthogonal regularization
                   β = 1e-4, EMA of G (0.999).
"""
import ml_collections

from genjax.config.overrides import apply_override
from genjax.errors import choose

VARIANTS: dict[str, tuple[str, ...]] = {
    'minimax': ('model.loss=minimax',),
    'non_saturating': ('model.loss=non_saturating',),
    'label_smoothing': ('model.label_smoothing=True',),
    'unrolled': ('model.unroll_steps=5',),
    'wgan_gp': ('model.loss=wasserstein', 'model.gradient_penalty=10.0', 'model.d_steps=5'),
    'pacgan2': ('model.pack=2',),
    'pacgan4': ('model.pack=4',),
    'biggan': ('model.generator=biggan', 'model.discriminator=biggan', 'model.conditioning=projection',
               'model.loss=hinge', 'model.d_steps=2', 'model.orthogonal_reg=0.0001',
               'optim.generator.learning_rate=0.0001', 'optim.generator.b1=0.0',
               'optim.generator.ema_decay=0.999', 'optim.discriminator.learning_rate=0.0004',
               'optim.discriminator.b1=0.0'),
}


def with_variant(config: ml_collections.ConfigDict, name: str) -> ml_collections.ConfigDict:
  """`config` (a GAN config) turned into the variant `name`; returns it."""
  for override in choose('GAN variant', name, VARIANTS):
    apply_override(config, override)
  return config
