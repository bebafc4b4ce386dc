"""Progress bars of the maintenance commands, which run for minutes at a million
reports."""

from tqdm import tqdm


def progress(command, **options) -> tqdm:
    """A tqdm bar on the command's stderr, drawn only when that is a terminal
    (``disable=None``): cron mail and ``call_command`` get none.

    The bar writes to the stream the command's ``OutputWrapper`` wraps: the
    wrapper ends every write with a newline, which would break the bar's
    redrawing of its line.
    """
    return tqdm(file=command.stderr._out, disable=None, leave=False, **options)
