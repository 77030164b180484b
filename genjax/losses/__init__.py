"""Losses: pure functions of arrays; they know nothing of nets."""
from genjax.losses.gan import LOSSES as ADVERSARIAL_LOSSES
from genjax.losses.gan import AdversarialLoss
from genjax.losses.gan import adversarial_loss
from genjax.losses.gan import smoothed_real_targets
from genjax.losses.gp import KERNELS as GP_KERNELS
from genjax.losses.gp import diagonal_gaussian_kl_to_gp
from genjax.losses.gp import gp_log_density
from genjax.losses.gp import kernel_matrix
from genjax.losses.kl import gaussian_kl_to_standard
from genjax.losses.likelihood import bernoulli_log_likelihood
from genjax.losses.likelihood import discretized_logistic_log_likelihood
from genjax.losses.likelihood import gaussian_log_likelihood
from genjax.losses.likelihood import squared_error
from genjax.losses.penalties import gradient_penalty
from genjax.losses.penalties import orthogonal_regularization
from genjax.losses.penalties import r1_penalty
from genjax.losses.vq import codebook_loss
from genjax.losses.vq import commitment_loss

__all__ = [
    'ADVERSARIAL_LOSSES',
    'AdversarialLoss',
    'GP_KERNELS',
    'adversarial_loss',
    'bernoulli_log_likelihood',
    'codebook_loss',
    'commitment_loss',
    'diagonal_gaussian_kl_to_gp',
    'discretized_logistic_log_likelihood',
    'gaussian_kl_to_standard',
    'gaussian_log_likelihood',
    'gp_log_density',
    'gradient_penalty',
    'kernel_matrix',
    'orthogonal_regularization',
    'r1_penalty',
    'smoothed_real_targets',
    'squared_error',
]
