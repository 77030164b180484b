"""Losses: pure functions of arrays; they know nothing of nets."""
from genjax.losses.gan import GENERATOR_LOSSES
from genjax.losses.gan import discriminator_loss
from genjax.losses.gan import generator_loss
from genjax.losses.gan import smoothed_real_targets
from genjax.losses.kl import gaussian_kl_to_standard
from genjax.losses.likelihood import bernoulli_log_likelihood
from genjax.losses.likelihood import gaussian_log_likelihood
from genjax.losses.likelihood import squared_error

__all__ = [
    'GENERATOR_LOSSES',
    'bernoulli_log_likelihood',
    'discriminator_loss',
    'gaussian_kl_to_standard',
    'gaussian_log_likelihood',
    'generator_loss',
    'smoothed_real_targets',
    'squared_error',
]
