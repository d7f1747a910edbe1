"""``coder review``: the reviewing core (``logic``, no Textual) and the Textual app over it (``app``)."""
