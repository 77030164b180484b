"""Mode-collapse metrics: modes captured and the KL of the mode histogram to uniform.

Toy mixtures follow the recipe of Metz et al. 2017 (unrolled GAN), Srivastava et al. 2017 (VEEGAN)
and Lin et al. 2018 (PacGAN): a sample is high quality (HQ) when within 3 sigma of its nearest
mixture mean. Stacked MNIST (Metz et al. 2017) labels each of the 3 channels with a digit
classifier, giving 1,000 modes.
"""
import numpy as np
from numpy.typing import ArrayLike

_HIGH_QUALITY_SIGMAS = 3.0
_NUM_DIGITS = 10


def _histogram_metrics(mode_ids: np.ndarray, num_modes: int) -> tuple[int, float]:
  """Modes hit by `mode_ids` and KL(q || p) of their histogram q to p uniform over `num_modes`.

  KL(q || p) = sum_{k: q_k > 0} q_k log(q_k num_modes): empty bins add 0 (the limit of q log q), so
  the KL is 0 for a uniform histogram and log(num_modes) for a single mode; nan with no ids.
  """
  counts = np.bincount(mode_ids, minlength=num_modes)
  if counts.sum() == 0:
    return 0, float('nan')
  q = counts[counts > 0] / counts.sum()
  return int(q.size), float(np.sum(q * np.log(q * num_modes)))


def toy_mode_metrics(samples: ArrayLike, means: ArrayLike, sigma: float) -> dict[str, float]:
  """Modes captured, percent high quality and reverse KL for samples of a Gaussian mixture.

  Args:
    samples: generated points [N, D].
    means: the K mixture means [K, D] (`genjax.data.toy.MIXTURES[name].means`).
    sigma: the mixture's standard deviation.

  Returns:
    modes: number of means nearest to at least one HQ sample.
    high_quality: percent (0-100) of samples within 3 sigma of their nearest mean.
    reverse_kl: KL(q || p), q the histogram of the HQ samples' nearest means and p uniform over the
      K means (reverse: the model's distribution comes first); nan when no sample is HQ.
  """
  samples, means = np.asarray(samples, np.float64), np.asarray(means, np.float64)
  if samples.ndim != 2 or means.ndim != 2 or samples.shape[1] != means.shape[1] or not len(samples):
    raise ValueError(f'samples must be [N >= 1, D] and means [K, D], got {samples.shape} and '
                     f'{means.shape}')
  distances = np.linalg.norm(samples[:, None, :] - means[None, :, :], axis=-1)
  nearest = distances.argmin(axis=1)
  high_quality = distances.min(axis=1) <= _HIGH_QUALITY_SIGMAS * sigma
  modes, reverse_kl = _histogram_metrics(nearest[high_quality], len(means))
  return {'modes': modes, 'high_quality': 100.0 * float(high_quality.mean()),
          'reverse_kl': reverse_kl}


def stacked_mode_metrics(channel_labels: ArrayLike) -> dict[str, float]:
  """Modes hit and KL(q || uniform) for Stacked MNIST (Metz et al. 2017; Srivastava et al. 2017).

  Args:
    channel_labels: the classifier's digit for each channel [N, C], ints in 0..9; C = 3 gives the
      1,000 modes 100 d_0 + 10 d_1 + d_2.

  Returns:
    modes: number of distinct digit tuples generated, at most 10^C.
    kl: KL(q || p), q the histogram of generated tuples and p uniform over all 10^C.
  """
  labels = np.asarray(channel_labels)
  if (labels.ndim != 2 or not len(labels) or not np.issubdtype(labels.dtype, np.integer)
      or labels.min() < 0 or labels.max() >= _NUM_DIGITS):
    raise ValueError(f'channel_labels must be [N >= 1, C] ints in 0..{_NUM_DIGITS - 1}, got '
                     f'{labels.dtype} {labels.shape}')
  num_channels = labels.shape[1]
  mode_ids = np.ravel_multi_index(tuple(labels.T), (_NUM_DIGITS,) * num_channels)
  modes, kl = _histogram_metrics(mode_ids, _NUM_DIGITS**num_channels)
  return {'modes': modes, 'kl': kl}
