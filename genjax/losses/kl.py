"""KL divergences between a diagonal Gaussian posterior and the prior."""
import jax
import jax.numpy as jnp


def gaussian_kl_to_standard(mean: jax.Array, logvar: jax.Array) -> jax.Array:
  """Analytic KL(N(mean, diag exp(logvar)) || N(0, I)) per example.

  Kingma & Welling 2014, Appendix B:
  -KL = 1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2).

  Args:
    mean: posterior means, [B, ...].
    logvar: posterior log-variances, same shape as `mean`.

  Returns:
    [B], summed over all latent (non-batch) dimensions.
  """
  kl = 0.5 * (jnp.exp(logvar) + jnp.square(mean) - 1.0 - logvar)
  return kl.reshape(kl.shape[0], -1).sum(axis=1)
