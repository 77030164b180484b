"""Pure Flax modules: MLPs, DCGAN, BigGAN and ResNet (SNGAN) players, VAE encoders and decoders, their layers."""
from genjax.nets.attention import SelfAttentionBlock
from genjax.nets.biggan import BigGANDiscriminator, BigGANGenerator
from genjax.nets.classifier import ConvClassifier
from genjax.nets.code_grid import GridDecoder, GridEncoder
from genjax.nets.conv_vae import ConvDecoder, ConvEncoder
from genjax.nets.dcgan import DCGANDiscriminator, DCGANGenerator
from genjax.nets.downsample import StridedConv
from genjax.nets.gaussian_head import GaussianHead
from genjax.nets.inception import InceptionV3
from genjax.nets.joint_discriminator import JointDiscriminator, Trunk
from genjax.nets.mlp import MLP, Maxout, MLPDecoder, MLPDiscriminator, MLPEncoder, MLPGenerator
from genjax.nets.normalization import ConditionalBatchNorm
from genjax.nets.pixelcnn import MaskedConv, PixelCNN
from genjax.nets.resnet import ResBlock, ResNetDiscriminator, ResNetGenerator, ResNetTrunk
from genjax.nets.sequence import SequenceEncoder
from genjax.nets.translator import PatchDiscriminator, ResidualTranslator
from genjax.nets.upsample import SubpixelConvTranspose

__all__ = [
    'BigGANDiscriminator',
    'BigGANGenerator',
    'ConditionalBatchNorm',
    'ConvClassifier',
    'ConvDecoder',
    'ConvEncoder',
    'DCGANDiscriminator',
    'DCGANGenerator',
    'GaussianHead',
    'GridDecoder',
    'GridEncoder',
    'InceptionV3',
    'JointDiscriminator',
    'MaskedConv',
    'MLP',
    'Maxout',
    'MLPDecoder',
    'MLPDiscriminator',
    'MLPEncoder',
    'MLPGenerator',
    'PatchDiscriminator',
    'PixelCNN',
    'ResBlock',
    'ResNetDiscriminator',
    'ResNetGenerator',
    'ResNetTrunk',
    'ResidualTranslator',
    'SelfAttentionBlock',
    'SequenceEncoder',
    'StridedConv',
    'SubpixelConvTranspose',
    'Trunk',
]
