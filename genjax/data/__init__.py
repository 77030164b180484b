"""Data sources, preprocessing and per-batch transforms."""
from genjax.data.dataset import Dataset
from genjax.data.sources import load_dataset, load_domains
from genjax.data.transforms import batch_transform

__all__ = ['Dataset', 'batch_transform', 'load_dataset', 'load_domains']
