"""Evaluation metrics: pure functions of features, samples or model densities, batch-size independent."""
from genjax.metrics.frechet import fid_from_features
from genjax.metrics.frechet import frechet_distance
from genjax.metrics.frechet import gaussian_statistics
from genjax.metrics.frechet import streaming_gaussian_statistics
from genjax.metrics.image_quality import psnr
from genjax.metrics.image_quality import ssim
from genjax.metrics.image_quality import ssim_map
from genjax.metrics.inception_features import InceptionFeatures
from genjax.metrics.inception_features import extract_features
from genjax.metrics.inception_features import load_inception_params
from genjax.metrics.inception_features import save_inception_params
from genjax.metrics.inception_score import inception_score
from genjax.metrics.inception_score import inception_score_from_logits
from genjax.metrics.kid import kernel_inception_distance
from genjax.metrics.likelihood import bits_per_dim
from genjax.metrics.likelihood import evaluate_likelihood
from genjax.metrics.likelihood import iwae_bound
from genjax.metrics.likelihood import log_likelihood_bounds
from genjax.metrics.modes import stacked_mode_metrics
from genjax.metrics.modes import toy_mode_metrics
from genjax.metrics.parzen import parzen_log_density
from genjax.metrics.parzen import parzen_log_likelihood
from genjax.metrics.prdc import density_coverage
from genjax.metrics.prdc import precision_recall
from genjax.metrics.prdc import prdc

__all__ = [
    'InceptionFeatures',
    'bits_per_dim',
    'density_coverage',
    'evaluate_likelihood',
    'extract_features',
    'fid_from_features',
    'frechet_distance',
    'gaussian_statistics',
    'inception_score',
    'inception_score_from_logits',
    'iwae_bound',
    'kernel_inception_distance',
    'load_inception_params',
    'log_likelihood_bounds',
    'parzen_log_density',
    'parzen_log_likelihood',
    'precision_recall',
    'prdc',
    'psnr',
    'save_inception_params',
    'ssim',
    'ssim_map',
    'stacked_mode_metrics',
    'streaming_gaussian_statistics',
    'toy_mode_metrics',
]
