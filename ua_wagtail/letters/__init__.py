"""The sample letter: its block, its plain text and the ``mailto:`` links that
carry it."""
