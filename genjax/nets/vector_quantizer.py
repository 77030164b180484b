"""The vector quantizer of VQ-VAE (van den Oord et al. 2017, "Neural Discrete Representation
Learning"): a codebook of K vectors in R^D, nearest-code lookup, the straight-through gradient,
the exponential-moving-average codebook update and restarts of dead codes. Pure functions of
arrays; the method keeps the codebook in a player's parameters or, under EMA, in its batch_stats.
"""
import jax
import jax.numpy as jnp


def init_codebook(key: jax.Array, num_codes: int, code_dim: int) -> jax.Array:
  """[K, D] uniform in [-1/K, 1/K]: small codes, all near the origin, so each gets a share."""
  return jax.random.uniform(key, (num_codes, code_dim), minval=-1.0 / num_codes, maxval=1.0 / num_codes)


def nearest_codes(z_e: jax.Array, codebook: jax.Array) -> jax.Array:
  """[..., D] -> [...] int32: the index of the nearest code in Euclidean distance (Eq. 1)."""
  distances = (jnp.sum(jnp.square(z_e), -1, keepdims=True) - 2 * z_e @ codebook.T
               + jnp.sum(jnp.square(codebook), -1))
  return jnp.argmin(distances, axis=-1).astype(jnp.int32)


def straight_through(z_e: jax.Array, z_q: jax.Array) -> jax.Array:
  """Equals z_q on the forward pass; the gradient reaching it passes to z_e unchanged (Sec. 3.2)."""
  return z_e + jax.lax.stop_gradient(z_q - z_e)


def code_counts(codes: jax.Array, num_codes: int) -> jax.Array:
  """[K] how many of the grid positions in `codes` hold each code."""
  return jnp.bincount(codes.reshape(-1), length=num_codes)


def code_perplexity(codes: jax.Array, num_codes: int) -> jax.Array:
  """exp(−Σ_k p_k log p_k) of the codes' frequencies p: K when all are used equally, 1 for one code.

  Computed over the batch given, so it is bounded by the number of positions in it.
  """
  p = code_counts(codes, num_codes) / codes.size
  return jnp.exp(jnp.sum(jax.scipy.special.entr(p)))


def ema_state(codebook: jax.Array) -> dict[str, jax.Array]:
  """The EMA codebook's start: each code counted once (N_i = 1) at its initial value (m_i = e_i)."""
  return {'codebook': codebook, 'cluster_size': jnp.ones(codebook.shape[0]), 'cluster_sum': codebook}


def ema_update(state: dict, z_e: jax.Array, codes: jax.Array, decay: float,
               epsilon: float) -> dict[str, jax.Array]:
  """The EMA codebook update (Appendix A.1, Eqs. 6-8) with Laplace-smoothed counts.

  N_i ← γ N_i + (1 − γ) n_i and m_i ← γ m_i + (1 − γ) Σ_j z_e,j over the n_i vectors assigned to
  code i; then e_i = m_i / Ñ_i with Ñ_i = (N_i + ε) / (Σ_k N_k + K ε) · Σ_k N_k, so that a code
  whose count decays towards zero is never divided by zero.

  Args:
    state: {'codebook' [K, D], 'cluster_size' N [K], 'cluster_sum' m [K, D]}.
    z_e: encoder outputs [..., D] (no gradient flows through the update).
    codes: their nearest codes [...].
    decay: γ in (0, 1).
    epsilon: ε > 0 of the smoothing.
  """
  num_codes, code_dim = state['codebook'].shape
  z_e = jax.lax.stop_gradient(z_e).reshape(-1, code_dim)
  sums = jax.ops.segment_sum(z_e, codes.reshape(-1), num_segments=num_codes)
  cluster_size = decay * state['cluster_size'] + (1 - decay) * code_counts(codes, num_codes)
  cluster_sum = decay * state['cluster_sum'] + (1 - decay) * sums
  total = jnp.sum(cluster_size)
  smoothed = (cluster_size + epsilon) / (total + num_codes * epsilon) * total
  return {'codebook': cluster_sum / smoothed[:, None], 'cluster_size': cluster_size,
          'cluster_sum': cluster_sum}


def steps_unused(unused_steps: jax.Array, codes: jax.Array) -> jax.Array:
  """[K] consecutive steps without use, after a step whose batch drew `codes`."""
  return jnp.where(code_counts(codes, unused_steps.shape[0]) > 0, 0, unused_steps + 1)


def restart_dead_codes(key: jax.Array, codebook: jax.Array, dead: jax.Array,
                       z_e: jax.Array) -> jax.Array:
  """The codebook with each `dead` code [K] moved onto an encoder output of the batch, drawn
  uniformly at random (with replacement) from `z_e` [..., D]; the other codes unchanged."""
  z_e = jax.lax.stop_gradient(z_e).reshape(-1, codebook.shape[1])
  picks = jax.random.randint(key, (codebook.shape[0],), 0, z_e.shape[0])
  return jnp.where(dead[:, None], z_e[picks].astype(codebook.dtype), codebook)
