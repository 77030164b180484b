"""`genjax train|sample|eval|stats|sweep|latents|restore|interpolate|translate|prepare`: the command line. Logic lives in importable modules; this parses."""
import argparse
import contextlib
import logging
import os
import signal
import sys

from genjax.core.stop_signals import StopRequested, raising_stop_signals
from genjax.errors import GenjaxError, check_seed
from genjax.runs.library_log import libraries_logged

USAGE = '''genjax train --config FILE --workdir DIR [--config.KEY=VALUE ...]
       genjax sample --workdir DIR --num N --out FILE.png|FILE.npz [--seed S] [--label K]
       genjax eval --workdir DIR [--metrics fid,kid,is,prdc,modes,nll,parzen,accuracy,label_accuracy,
                                        cycle_error,translation_accuracy] [--num_samples N] [--reference FILE.npz]
       genjax stats --source SOURCE --out FILE.npz [--split train|test] [--inception_weights PATH | --classifier DIR]
                    [--num N] [--config.data.KEY=VALUE ...]
       genjax sweep --config FILE --seeds S --workdir DIR [--metrics ...] [--config.KEY=VALUE ...]
       genjax latents --workdir DIR --out DIR [--num N] [--seed S]
       genjax restore --workdir DIR --task inpaint|superres|colorize --out DIR [--num N] [--seed S]
                      [--steps K] [--restarts R] [--mask center|random] [--fraction F] [--factor F]
       genjax interpolate --workdir DIR --out FILE.png|FILE.gif [--mode linear|spherical] [--steps K]
                          [--pairs P] [--seed S] [--encode]
       genjax translate --workdir DIR --out FILE.png|FILE.npz [--num N]
       genjax prepare --source SOURCE --out DIR [--config.data.KEY=VALUE ...]   (KEY: split, center_crop, resize, pad_to)'''


class _Parser(argparse.ArgumentParser):
  """argparse that reports a usage mistake as a GenjaxError (one line, non-zero exit)."""

  def error(self, message):
    raise GenjaxError(f'{message} (usage: {self.prog} -h)')


def _seed(text: str) -> int:
  """A --seed value: an integer in jax's key range (one line otherwise, via the parser)."""
  try:
    return check_seed(int(text), 'a seed')
  except (ValueError, GenjaxError) as e:
    raise argparse.ArgumentTypeError(str(e) if isinstance(e, GenjaxError) else f'--seed takes an integer, got {text!r}')


def _path(text: str) -> str:
  """A --workdir, --out or --config value: an empty path would silently mean the current folder."""
  if not text.strip():
    raise argparse.ArgumentTypeError('an empty path')
  return text


def _parser() -> argparse.ArgumentParser:
  parser = _Parser(prog='genjax', description='Deep generative models in JAX.', usage=USAGE)
  commands = parser.add_subparsers(dest='command', required=True, parser_class=_Parser)
  train = commands.add_parser('train', prog='genjax train', help='train, or resume from the newest checkpoint in --workdir')
  train.add_argument('--config', type=_path, required=True, help='a config file defining get_config(), or a shipped config by name (dcgan_digits)')
  train.add_argument('--workdir', type=_path, required=True)
  train.add_argument('--no_progress', action='store_true', help='hide the progress bar')
  sample = commands.add_parser('sample', prog='genjax sample', help='draw samples from the newest checkpoint in --workdir')
  sample.add_argument('--workdir', type=_path, required=True)
  sample.add_argument('--num', type=int, default=64)
  sample.add_argument('--out', type=_path, required=True, help='a .png grid or a .npz with the array samples')
  sample.add_argument('--seed', type=_seed, default=0)
  sample.add_argument('--label', type=int, default=None, help='class of the samples (conditional models)')
  evaluate = commands.add_parser('eval', prog='genjax eval', help='metrics of the newest checkpoint')
  evaluate.add_argument('--workdir', type=_path, required=True)
  evaluate.add_argument('--seed', type=_seed, default=0)
  _add_metric_options(evaluate)
  evaluate.add_argument('--reference', type=_path, default=None,
                        help="FID's real side: a `genjax stats` or pytorch-fid .npz (mu, sigma)")
  stats = commands.add_parser('stats', prog='genjax stats',
                              help="the mean and covariance of a data set's features (FID's real side) as an .npz")
  stats.add_argument('--source', required=True, help='a data source, as config key data.source takes')
  stats.add_argument('--out', type=_path, required=True, help='the .npz to write (mu and sigma, as pytorch-fid)')
  stats.add_argument('--split', default='test', help='train, or test: the held-out split genjax eval compares with')
  extractor = stats.add_mutually_exclusive_group()
  extractor.add_argument('--classifier', default='', help='a classifier run: features for images')
  extractor.add_argument('--inception_weights', default='', help='InceptionV3 .npz (docs/inception.md)')
  stats.add_argument('--num', type=int, default=0, help='the first N examples of the split; default all')
  sweep = commands.add_parser('sweep', prog='genjax sweep',
                              help='train seeds config.seed + i, i < S, as one program, then measure each')
  sweep.add_argument('--config', type=_path, required=True, help='a config file defining get_config(), or a shipped config by name (dcgan_digits)')
  sweep.add_argument('--seeds', type=int, required=True, help='how many seeds')
  sweep.add_argument('--workdir', type=_path, required=True)
  sweep.add_argument('--no_progress', action='store_true', help='hide the progress bar')
  _add_metric_options(sweep)
  latents = commands.add_parser('latents', prog='genjax latents',
                                help='reconstructions, interpolations, latent manifold and scatter of an autoencoder')
  latents.add_argument('--workdir', type=_path, required=True)
  latents.add_argument('--out', type=_path, required=True, help='the folder for the PNGs')
  latents.add_argument('--num', type=int, default=1000, help='test images to encode')
  latents.add_argument('--seed', type=_seed, default=0)
  restore = commands.add_parser('restore', prog='genjax restore',
                                help='inpainting, super-resolution or colorization by optimizing the latent')
  restore.add_argument('--workdir', type=_path, required=True)
  restore.add_argument('--task', required=True, help='inpaint, superres or colorize')
  restore.add_argument('--out', type=_path, required=True, help='the folder for restore.json and restore.png')
  restore.add_argument('--num', type=int, default=8, help='the first N held-out images')
  restore.add_argument('--seed', type=_seed, default=0)
  restore.add_argument('--steps', type=int, default=500, help='Adam updates of the latents')
  restore.add_argument('--restarts', type=int, default=4, help='starting latents per image')
  restore.add_argument('--mask', default='center', help='inpaint: center (a square) or random (pixels)')
  restore.add_argument('--fraction', type=float, default=0.5, help='inpaint --mask random: missing pixels')
  restore.add_argument('--factor', type=int, default=2, help='superres: the downsampling factor')
  interpolate = commands.add_parser('interpolate', prog='genjax interpolate',
                                    help='decoded latent paths between encoded or sampled points')
  interpolate.add_argument('--workdir', type=_path, required=True)
  interpolate.add_argument('--out', type=_path, required=True, help='a .png grid (a row per pair) or a .gif')
  interpolate.add_argument('--mode', default='spherical', help='linear or spherical')
  interpolate.add_argument('--steps', type=int, default=10, help='points per path')
  interpolate.add_argument('--pairs', type=int, default=8)
  interpolate.add_argument('--seed', type=_seed, default=0)
  interpolate.add_argument('--encode', action='store_true', help='ends: codes of held-out images')
  translate = commands.add_parser('translate', prog='genjax translate',
                                  help="a CycleGAN run's translations and round trips of held-out pairs")
  translate.add_argument('--workdir', type=_path, required=True)
  translate.add_argument('--out', type=_path, required=True, help='a .png grid (a row per pair) or a .npz')
  translate.add_argument('--num', type=int, default=8, help='held-out pairs')
  prepare = commands.add_parser('prepare', prog='genjax prepare',
                                help='convert an image source once into array_record files, read as records:DIR')
  prepare.add_argument('--source', required=True, help='a data source: folder:DIR, tfds:NAME, npz:FILE, digits, ...')
  prepare.add_argument('--out', type=_path, required=True, help='a new (or empty) folder')
  prepare.add_argument('--no_progress', action='store_true', help='hide the progress bar')
  examples = '--config.steps=2000 --config.model.latent_dim=2 --config.data.binarize=true'
  _config_overrides_help(train, 'KEY', examples)
  _config_overrides_help(sweep, 'KEY', examples)
  _config_overrides_help(stats, 'data.KEY', '--config.data.resize=64 --config.data.binarize=true')
  _config_overrides_help(prepare, 'data.KEY', '--config.data.center_crop=178 --config.data.resize=64 '
                         '(KEY: split, center_crop, resize, pad_to)')
  return parser


def _config_overrides_help(command: argparse.ArgumentParser, key: str, example: str) -> None:
  """Lists `--config.KEY=VALUE` (which argparse does not parse: `config_overrides` does) in the usage
  and help of `command`, with an example."""
  command.usage = command.format_usage().removeprefix('usage: ').rstrip() + f' [--config.{key}=VALUE ...]'
  command.epilog = (f'config overrides:\n  --config.{key}=VALUE  set a config key, parsed as the type it has '
                    f'(repeatable);\n                        e.g. {example}\n'
                    '                        an unknown key or a value of the wrong type is a one-line error')
  command.formatter_class = argparse.RawDescriptionHelpFormatter


def _add_metric_options(parser: argparse.ArgumentParser) -> None:
  parser.add_argument('--metrics', default='', help='comma-separated; default: those that fit the run')
  parser.add_argument('--num_samples', type=int, default=0, help='default 2,500 (points) / 10,000 (images)')
  parser.add_argument('--classifier', default='', help='a classifier run: features for image metrics')
  parser.add_argument('--inception_weights', default='', help='InceptionV3 .npz (docs/inception.md)')
  parser.add_argument('--iwae_samples', type=int, default=5000, help='importance samples for nll')


def _metric_options(args: argparse.Namespace, seed: int = 0):
  from genjax.evaluation import evaluate
  return evaluate.options(args.metrics, args.num_samples, seed, args.classifier, args.inception_weights,
                          args.iwae_samples)


def config_overrides(extra: list[str]) -> list[str]:
  """`--config.a.b=V` or `--config.a.b V` arguments as `a.b=V` strings."""
  overrides, rest = [], list(extra)
  while rest:
    arg = rest.pop(0)
    if not arg.startswith('--config.'):
      raise GenjaxError(f'unrecognized argument {arg} (config overrides look like --config.KEY=VALUE)')
    arg = arg[len('--config.'):]
    if '=' not in arg:
      if not rest:
        raise GenjaxError(f'--config.{arg} needs a value')
      arg = f'{arg}={rest.pop(0)}'
    overrides.append(arg)
  return overrides


def run(argv: list[str], until_exit: bool = False) -> None:
  """Runs the command line `argv`, what library threads report going to its workdir's
  logs/libraries.log (for the rest of the process if `until_exit`; `stats` has no workdir)."""
  args, extra = _parser().parse_known_args(argv)
  _quiet_libraries()
  workdir = getattr(args, 'workdir', None)  # `prepare` and `stats` have none: they write data files, not a run.
  with libraries_logged(workdir, until_exit) if workdir else contextlib.nullcontext():
    _command(args, extra)


def _command(args: argparse.Namespace, extra: list[str]) -> None:
  if args.command == 'train':
    from genjax.config.shipped import config_file
    from genjax.training.trainer import train
    train(config_file(args.config, config_overrides(extra)), args.workdir, progress=not args.no_progress)
    return
  if args.command == 'sweep':
    from genjax.config.shipped import config_file
    from genjax.training.sweep import format_table, run_sweep
    run_sweep(config_file(args.config, config_overrides(extra)), args.workdir, args.seeds,
              progress=not args.no_progress, options=_metric_options(args),
              report=lambda result: print(format_table(result), flush=True))
    return
  if args.command == 'prepare':
    from genjax.data.prepare import prepare, prepare_config
    spec = prepare(prepare_config(args.source, config_overrides(extra)), args.out, progress=not args.no_progress)
    counts = ', '.join(f'{entry["count"]} {split}' for split, entry in spec.splits.items())
    print(f'{args.out}: {counts} examples of shape {spec.shape} ({spec.dtype}); read it as records:{args.out}')
    return
  if args.command == 'stats':
    from genjax.config import data_config
    from genjax.evaluation.reference_stats import stats_command
    stats = stats_command(data_config('stats', args.source, config_overrides(extra)), args.out, args.split, args.num,
                          args.classifier, args.inception_weights)
    print(f"{args.out}: mu and sigma of {stats['num_examples']} {stats['extractor']} features of the {args.split} "
          f'split of {args.source}')
    return
  if extra:
    raise GenjaxError(f'unrecognized arguments: {" ".join(extra)}')
  if args.command == 'sample':
    from genjax.tools.sample import sample_command
    sample_command(args.workdir, args.num, args.out, args.seed, args.label)
  elif args.command == 'latents':
    from genjax.tools.latents import latents_command
    for path in latents_command(args.workdir, args.out, args.num, args.seed):
      print(path)
  elif args.command == 'restore':
    from genjax.tools.restore import restore_command
    for path in restore_command(args.workdir, args.task, args.out, args.num, args.seed, args.steps, args.restarts,
                                args.mask, args.fraction, args.factor):
      print(path)
  elif args.command == 'interpolate':
    from genjax.tools.interpolate import interpolate_command
    interpolate_command(args.workdir, args.out, args.mode, args.steps, args.pairs, args.seed, args.encode)
    print(args.out)
  elif args.command == 'translate':
    from genjax.tools.translate import translate_command
    translate_command(args.workdir, args.out, args.num)
  else:
    from genjax.evaluation import evaluate
    evaluate.evaluate(args.workdir, _metric_options(args, args.seed),
                      report=lambda rows: print(evaluate.format_table(rows), flush=True), reference=args.reference,
                      say=lambda line: print(f'genjax: eval: {line}', flush=True))


def _quiet_libraries() -> None:
  """absl logs at INFO; a user wants the progress bar and errors (orbax's records, a failed write's
  traceback among them, go to the run's log: `libraries_logged`)."""
  from absl import logging as absl_logging
  absl_logging.set_verbosity(absl_logging.WARNING)
  logging.getLogger('jax').setLevel(logging.WARNING)


def _error_line(message: str) -> None:
  """One write, newline included: a library thread printing at the same moment cannot split it."""
  sys.stderr.write(f'genjax: error: {message}\n')
  sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
  this_process = argv is None  # The process is the command: library threads may report until it exits.
  argv = sys.argv[1:] if argv is None else argv
  try:
    with raising_stop_signals():
      run(argv, until_exit=this_process)
  except StopRequested as stop:
    return _stopped(stop, training=bool(argv) and argv[0] in ('train', 'sweep'))
  except BrokenPipeError:  # The reader left (`genjax eval | head`): quiet, with the shell's SIGPIPE code.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's flush at exit must not fail too.
    return 128 + signal.SIGPIPE
  except GenjaxError as e:
    _error_line(str(e))
    return 2
  except MemoryError as e:  # e.g. a batch or network far beyond the machine: one line, not a traceback.
    _error_line(f'out of memory ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else "no detail"}); '
                'use a smaller batch, network or data set')
    return 2
  return 0


def _stopped(stop: StopRequested, training: bool) -> int:
  """A stop signal outside the training loop. Training stops cleanly (exit 0, as in the loop): before
  the first step there is nothing to save, after the last the final checkpoint is written. Any other
  command stops with the signal's exit code; what it wrote is complete (writes are atomic)."""
  if training:
    kept = (f'no step had run, so {stop.removed_workdir}, which this run created, is removed' if stop.removed_workdir
            else 'the newest checkpoint is kept (run again to resume)')
    print(f'genjax: {stop.signal_name}: stopped; {kept}', flush=True)
    return 0
  sys.stderr.write(f'genjax: {stop.signal_name}: stopped before finishing\n')
  return stop.exit_code


if __name__ == '__main__':
  sys.exit(main())
