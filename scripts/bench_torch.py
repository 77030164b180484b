"""The PyTorch side of the benchmark: the same networks in a plain eager training loop.

Written as a user would: NCHW tensors, `nn.ConvTranspose2d(k=4, s=2, p=1)`, `torch.optim.Adam`
with its defaults. Each step does the genjax step's work: a batch gathered from a resident tensor
with random indices (binarized when the case says so), every player's update.
"""
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

from bench_cases import Case, synthetic_data
from bench_host import CORES

torch.set_num_threads(CORES)


def versions() -> dict:
  return {'torch': torch.__version__, 'torch_threads': torch.get_num_threads()}


def matmul_gflops(size: int, repeats: int) -> float:
  """The best fp32 GFLOP/s of [size, size] @ [size, size]."""
  a, b = torch.randn(size, size), torch.randn(size, size)
  a @ b
  best = float('inf')
  for _ in range(repeats):
    start = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - start)
  return 2 * size**3 / best / 1e9


class VAE(nn.Module):
  """MLP encoder to (mean, logvar), reparameterized z, MLP decoder to Bernoulli logits."""

  def __init__(self, pixels: int, hidden: int, latent: int):
    super().__init__()
    self.trunk = nn.Sequential(nn.Flatten(), nn.Linear(pixels, hidden), nn.ReLU())
    self.mean, self.logvar = nn.Linear(hidden, latent), nn.Linear(hidden, latent)
    self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, pixels))

  def loss(self, x: torch.Tensor) -> torch.Tensor:
    """The negative ELBO, averaged over the batch."""
    h = self.trunk(x)
    mean, logvar = self.mean(h), self.logvar(h)
    z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
    logits = self.decoder(z)
    recon = F.binary_cross_entropy_with_logits(logits, x.flatten(1), reduction='none').sum(1)
    kl = 0.5 * (logvar.exp() + mean.square() - 1 - logvar).sum(1)
    return (recon + kl).mean()


class Generator(nn.Module):
  """z -> dense -> BN, ReLU -> [ConvTranspose2d 4x4 s2 -> BN, ReLU]... -> ConvTranspose2d -> tanh."""

  def __init__(self, latent: int, features: tuple[int, ...], shape: tuple[int, int, int]):
    super().__init__()
    height, width, channels = shape
    scale = 2**len(features)
    self.base = (features[0], height // scale, width // scale)
    self.project = nn.Linear(latent, math.prod(self.base), bias=False)
    layers = [nn.BatchNorm2d(features[0]), nn.ReLU()]
    for cin, cout in zip(features, features[1:]):
      layers += [nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    layers += [nn.ConvTranspose2d(features[-1], channels, 4, 2, 1), nn.Tanh()]
    self.up = nn.Sequential(*layers)

  def forward(self, z: torch.Tensor) -> torch.Tensor:
    return self.up(self.project(z).view(-1, *self.base))


class Discriminator(nn.Module):
  """[Conv2d 4x4 s2 -> (BN) -> LeakyReLU(0.2)]... -> flatten -> dense logit; no BN on the first."""

  def __init__(self, features: tuple[int, ...], batchnorm: bool, shape: tuple[int, int, int]):
    super().__init__()
    height, width, cin = shape
    layers = []
    for i, cout in enumerate(features):
      norm = batchnorm and i > 0
      layers += [nn.Conv2d(cin, cout, 4, 2, 1, bias=not norm)]
      layers += [nn.BatchNorm2d(cout)] if norm else []
      layers += [nn.LeakyReLU(0.2)]
      cin = cout
    scale = 2**len(features)
    layers += [nn.Flatten(), nn.Linear(cin * (height // scale) * (width // scale), 1)]
    self.net = nn.Sequential(*layers)

  def forward(self, x: torch.Tensor) -> torch.Tensor:
    return self.net(x)[:, 0]


class Bench:
  """One case's networks, optimizers and resident data; the one variant is 'eager'."""

  def __init__(self, case: Case, fused: tuple[int, ...], overrides: list[str] = ()):
    del fused, overrides  # genjax's
    start = time.perf_counter()
    torch.manual_seed(0)
    self.case = case
    images, _ = synthetic_data(case)
    self.data = torch.from_numpy(images.transpose(0, 3, 1, 2).copy())
    if case.method == 'vae':
      self.vae = VAE(math.prod(case.shape), case.model['hidden'][0], case.model['latent_dim'])
      self.optimizer = torch.optim.Adam(self.vae.parameters(), case.learning_rate, (case.b1, 0.999))
      self.one_step = self._vae_step
    else:
      model = case.model
      self.g = Generator(model['latent_dim'], model['g_features'], case.shape)
      self.d = Discriminator(model['d_features'], model['d_batchnorm'], case.shape)
      betas = (case.b1, 0.999)
      self.g_optimizer = torch.optim.Adam(self.g.parameters(), case.learning_rate, betas)
      self.d_optimizer = torch.optim.Adam(self.d.parameters(), case.learning_rate, betas)
      self.ones, self.zeros = torch.ones(case.batch), torch.zeros(case.batch)
      self.one_step = self._gan_step
    self.one_step()
    self.first_step_s = time.perf_counter() - start
    self.first_call_s = {'eager': self.first_step_s}
    self.variants = ['eager']

  def _batch(self) -> torch.Tensor:
    x = self.data[torch.randint(len(self.data), (self.case.batch,))]
    return torch.bernoulli(x) if self.case.binarize else x

  def _vae_step(self) -> None:
    self.optimizer.zero_grad(set_to_none=True)
    self.vae.loss(self._batch()).backward()
    self.optimizer.step()

  def _gan_step(self) -> None:
    """D on a real and a detached fake batch, then G through the updated D with a fresh z."""
    real, latent = self._batch(), self.case.model['latent_dim']
    with torch.no_grad():
      fake = self.g(torch.randn(self.case.batch, latent))
    self.d_optimizer.zero_grad(set_to_none=True)
    d_loss = (F.binary_cross_entropy_with_logits(self.d(real), self.ones)
              + F.binary_cross_entropy_with_logits(self.d(fake), self.zeros))
    d_loss.backward()
    self.d_optimizer.step()
    self.g_optimizer.zero_grad(set_to_none=True)
    self.d.requires_grad_(False)  # G's update needs no weight gradients of D (genjax computes none)
    fake = self.g(torch.randn(self.case.batch, latent))
    F.binary_cross_entropy_with_logits(self.d(fake), self.ones).backward()
    self.d.requires_grad_(True)
    self.g_optimizer.step()

  def run(self, variant: str, steps: int) -> float:
    del variant
    start = time.perf_counter()
    for _ in range(steps):
      self.one_step()
    return time.perf_counter() - start
