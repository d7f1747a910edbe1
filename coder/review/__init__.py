"""``coder review`` and ``coder agreement``: the reviewing core (``logic``), agreement statistics
(``agreement``), neither of which knows Textual, and the Textual app over them (``ui/``)."""
