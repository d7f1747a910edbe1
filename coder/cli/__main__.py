"""``python -m coder.cli``: the same as the ``coder`` command."""

from coder.cli import main

main()
