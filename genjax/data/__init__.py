"""Data sources, preprocessing and per-batch transforms; random-access image sets for streaming."""
from genjax.data.dataset import Dataset
from genjax.data.example_source import ExampleSource, ImageSet
from genjax.data.geometry import Geometry
from genjax.data.sources import load_dataset, load_domains, open_image_set
from genjax.data.transforms import batch_transform

__all__ = ['Dataset', 'ExampleSource', 'Geometry', 'ImageSet', 'batch_transform', 'load_dataset', 'load_domains',
           'open_image_set']
