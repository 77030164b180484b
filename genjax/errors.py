"""The one exception type that means "the user's input is wrong"."""


class GenjaxError(Exception):
  """A user-facing error: the CLI prints its message on one line and exits non-zero."""
