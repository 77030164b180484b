"""The data of a run, as `data.pipeline` chooses: held in memory (and trained from the devices whole), or
streamed (read a batch at a time; its held-out examples read on first use)."""
import ml_collections

from genjax.data.dataset import Dataset
from genjax.data.sources import load_dataset, load_image_set, open_image_set, reads_on_access
from genjax.data.stream import StreamedDataset, StreamOptions
from genjax.errors import GenjaxError, check_choice

PIPELINES = ('auto', 'device', 'stream')


def open_run_data(data_cfg: ml_collections.ConfigDict) -> Dataset | StreamedDataset:
  """The data set of `data_cfg`, for training or for the commands that read a run's held-out
  examples: a `Dataset` held in memory, or a `StreamedDataset` read a batch at a time. 'auto'
  streams a set read on access whose stored training examples exceed data.device_budget_gb."""
  check_choice('data.pipeline', data_cfg.pipeline, PIPELINES)
  if not data_cfg.device_budget_gb > 0:
    raise GenjaxError(f'data.device_budget_gb must be positive, got {data_cfg.device_budget_gb}')
  stream_options(data_cfg)
  if data_cfg.pipeline == 'device' or (data_cfg.pipeline == 'auto' and not reads_on_access(data_cfg)):
    return load_dataset(data_cfg)
  image_set = open_image_set(data_cfg)
  streamed = StreamedDataset.open(image_set, data_cfg)
  if data_cfg.pipeline == 'auto' and streamed.stored_gb <= data_cfg.device_budget_gb:
    return load_image_set(image_set, data_cfg)
  return streamed


def stream_options(data_cfg: ml_collections.ConfigDict) -> StreamOptions:
  """data.stream's settings, checked."""
  settings = data_cfg.stream
  for key, least in (('threads', 0), ('prefetch_steps', 1), ('workers', 0)):
    value = settings[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
      raise GenjaxError(f'data.stream.{key} must be an integer >= {least}, got {value!r}')
  return StreamOptions(threads=settings.threads, prefetch_steps=settings.prefetch_steps, workers=settings.workers)
