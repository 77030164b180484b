"""Losses: pure functions of arrays; they know nothing of nets."""
from genjax.losses.gan import LOSSES as ADVERSARIAL_LOSSES
from genjax.losses.gan import AdversarialLoss
from genjax.losses.gan import adversarial_loss
from genjax.losses.gan import smoothed_real_targets
from genjax.losses.kl import gaussian_kl_to_standard
from genjax.losses.likelihood import bernoulli_log_likelihood
from genjax.losses.likelihood import gaussian_log_likelihood
from genjax.losses.likelihood import squared_error
from genjax.losses.penalties import gradient_penalty
from genjax.losses.penalties import orthogonal_regularization
from genjax.losses.penalties import r1_penalty

__all__ = [
    'ADVERSARIAL_LOSSES',
    'AdversarialLoss',
    'adversarial_loss',
    'bernoulli_log_likelihood',
    'gaussian_kl_to_standard',
    'gaussian_log_likelihood',
    'gradient_penalty',
    'orthogonal_regularization',
    'r1_penalty',
    'smoothed_real_targets',
    'squared_error',
]
