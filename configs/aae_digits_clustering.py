"""aae_mnist_clustering on scikit-learn's 8x8 digits, offline, with 16 clusters, as Makhzani et al.
2016 cluster MNIST (Sec. 6: 16 and 30 clusters), and the class logits divided by a temperature of
0.1 (`model.temperature`; the paper's softmax has none). Held-out accuracy at 3,000 steps, each
cluster labelled by the majority of its training digits (`python scripts/run_notebooks.py --scale
full 05_applications`, 2026-12-03, AMD EPYC Zen 5, 2 cores): 73.9%, 13 of 16 clusters used; with
2 x 256-unit nets (`--scale default`) 59.4%. It varies much with the seed. At temperature 1 the
categorical discriminator tells the encoder's soft outputs from one-hot draws: with 10 clusters
every digit ended in one (11.7%), and slower adversaries kept y soft, its argmax a poor cluster.

  genjax train --config configs/aae_digits_clustering.py --workdir runs/aae_digits_clustering
"""
from genjax.config import extend


def get_config():
  config = extend(__file__, 'aae_mnist_clustering.py')
  config.data.source = 'digits'
  config.steps = 3000
  config.model.clusters = 16
  config.model.temperature = 0.1
  return config
