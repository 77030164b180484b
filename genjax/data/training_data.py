"""The training data of a run, on the devices whole or streamed, as `data.pipeline` chooses."""
import ml_collections

from genjax.data.dataset import Dataset
from genjax.data.sources import load_dataset
from genjax.data.stream import StreamedDataset, StreamOptions
from genjax.errors import GenjaxError, check_choice

PIPELINES = ('auto', 'device', 'stream')


def open_training_data(data_cfg: ml_collections.ConfigDict) -> Dataset | StreamedDataset:
  """The data set of `data_cfg`: a `Dataset` held in memory and put on the devices whole, or a
  `StreamedDataset` read a batch at a time."""
  check_choice('data.pipeline', data_cfg.pipeline, PIPELINES)
  if not data_cfg.device_budget_gb > 0:
    raise GenjaxError(f'data.device_budget_gb must be positive, got {data_cfg.device_budget_gb}')
  stream_options(data_cfg)
  dataset = load_dataset(data_cfg)
  return StreamedDataset.of(dataset) if data_cfg.pipeline == 'stream' else dataset


def stream_options(data_cfg: ml_collections.ConfigDict) -> StreamOptions:
  """data.stream's settings, checked."""
  settings = data_cfg.stream
  for key, least in (('threads', 0), ('prefetch_steps', 1), ('workers', 0)):
    value = settings[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
      raise GenjaxError(f'data.stream.{key} must be an integer >= {least}, got {value!r}')
  return StreamOptions(threads=settings.threads, prefetch_steps=settings.prefetch_steps, workers=settings.workers)
