"""Fréchet distance between Gaussian fits of features (FID when the features are Inception's)."""
from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike


def gaussian_statistics(features: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
  """Mean [D] and unbiased covariance [D, D] of `features` [N, D], in float64."""
  x = np.asarray(features, np.float64)
  if x.ndim != 2 or x.shape[0] < 2:
    raise ValueError(f'features must be [N, D] with N >= 2, got shape {x.shape}')
  mu = x.mean(axis=0)
  centered = x - mu
  return mu, centered.T @ centered / (x.shape[0] - 1)


def streaming_gaussian_statistics(chunks: Iterable[ArrayLike]) -> tuple[int, np.ndarray, np.ndarray]:
  """(N, mean [D], unbiased covariance [D, D]) of the rows of `chunks` [n_i, D], one chunk in memory.

  Chan, Golub & LeVeque 1979 (the pairwise update), in float64: each chunk B is centred on its own
  mean m_B, its scatter M_B = sum (x - m_B)(x - m_B)^T, and it joins the rows before it (n_A, m_A,
  M_A) as d = m_B - m_A, m = m_A + d n_B / n, M = M_A + M_B + d d^T n_A n_B / n, n = n_A + n_B; no
  sum of squares of uncentred values, whose difference would cancel digits. Covariance M / (N - 1).
  Equals `gaussian_statistics` of the rows stacked, to round-off.
  """
  count, mean, scatter = 0, None, None
  for chunk in chunks:
    x = np.asarray(chunk, np.float64)
    if x.ndim != 2 or (mean is not None and x.shape[1] != mean.shape[0]):
      raise ValueError(f'chunks must be [n, D] with one D, got shape {x.shape}')
    if mean is None:
      mean, scatter = np.zeros(x.shape[1]), np.zeros((x.shape[1], x.shape[1]))
    if not len(x):
      continue
    chunk_mean = x.mean(axis=0)
    centered = x - chunk_mean
    total, delta = count + len(x), chunk_mean - mean
    mean = mean + delta * (len(x) / total)
    scatter = scatter + centered.T @ centered + np.outer(delta, delta) * (count * len(x) / total)
    count = total
  if count < 2:
    raise ValueError(f'a covariance needs at least 2 rows, got {count}')
  return count, mean, scatter / (count - 1)


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
  """Symmetric square root of a symmetric PSD matrix; round-off negative eigenvalues become 0."""
  eigvals, eigvecs = np.linalg.eigh(matrix)
  return (eigvecs * np.sqrt(np.clip(eigvals, 0.0, None))) @ eigvecs.T


def frechet_distance(mu1: ArrayLike, sigma1: ArrayLike, mu2: ArrayLike, sigma2: ArrayLike) -> float:
  """Squared Fréchet (2-Wasserstein) distance between N(mu1, sigma1) and N(mu2, sigma2).

  Dowson & Landau 1982; Heusel et al. 2017, Eq. 6:
  d^2 = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^{1/2}).

  The trace term is computed without the non-symmetric `sqrtm(S1 S2)`: with R = S1^{1/2},
  S1 S2 = R (R S2) and M = (R S2) R = R S2 R share their eigenvalues (AB and BA always do), and M
  is symmetric PSD, so Tr((S1 S2)^{1/2}) = sum_i sqrt(lambda_i(M)). Both square roots use `eigh`
  in float64 and clip round-off negative eigenvalues to 0, so singular covariances (fewer samples
  than dimensions) need no diagonal offset.

  Args:
    mu1: mean [D] of the first Gaussian.
    sigma1: covariance [D, D] of the first Gaussian, symmetric PSD.
    mu2: mean [D] of the second Gaussian.
    sigma2: covariance [D, D] of the second Gaussian, symmetric PSD.

  Returns:
    The distance, >= 0 up to round-off.
  """
  mu1, mu2 = (np.atleast_1d(np.asarray(mu, np.float64)) for mu in (mu1, mu2))
  s1, s2 = (np.atleast_2d(np.asarray(sigma, np.float64)) for sigma in (sigma1, sigma2))
  dim = mu1.shape[0]
  if mu2.shape != (dim,) or s1.shape != (dim, dim) or s2.shape != (dim, dim):
    raise ValueError(
        f'shapes disagree: mu1 {mu1.shape}, sigma1 {s1.shape}, mu2 {mu2.shape}, sigma2 {s2.shape}')
  root1 = _sqrt_psd(s1)
  middle = root1 @ s2 @ root1
  trace_sqrt = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0.0, None)).sum()
  diff = mu1 - mu2
  return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * trace_sqrt)


def fid_from_features(real: ArrayLike, fake: ArrayLike) -> float:
  """Fréchet distance between Gaussian fits of `real` [N, D] and `fake` [M, D] features.

  FID (Heusel et al. 2017) when the features are Inception pool3 activations; it is biased
  upward at small sample counts, so compare values only at equal N and M.
  """
  return frechet_distance(*gaussian_statistics(real), *gaussian_statistics(fake))
