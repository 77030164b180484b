"""The two codebook terms of the VQ-VAE loss (van den Oord et al. 2017, Eq. 3), per example:

  L = −log p(x | z_q(x)) + ||sg[z_e(x)] − e||² + β ||z_e(x) − sg[e]||²,

summed over every vector of the code grid. The codebook term moves the codes towards the encoder
outputs (it is left out when the codebook follows EMA updates instead); the commitment term keeps
the encoder outputs near their codes.
"""
import jax

from genjax.losses.likelihood import squared_error


def codebook_loss(z_e: jax.Array, z_q: jax.Array) -> jax.Array:
  """||sg[z_e] − z_q||² per example, [B]: the gradient reaches the codes only."""
  return squared_error(z_q, jax.lax.stop_gradient(z_e))


def commitment_loss(z_e: jax.Array, z_q: jax.Array) -> jax.Array:
  """||z_e − sg[z_q]||² per example, [B], before its weight β: the gradient reaches the encoder only."""
  return squared_error(jax.lax.stop_gradient(z_q), z_e)
