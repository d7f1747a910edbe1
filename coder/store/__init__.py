"""The project database (``DIR/coder.db``): one SQLite file per project, the single source of truth.

``Store`` reads and writes it; the records it hands out are typed (``Run``, ``Prediction``,
``Row``, ``Decision``), never dicts of unknown keys.
"""

from coder.store.db import Store
from coder.store.records import (
                                 SET,
                                 UNDO,
                                 Decision,
                                 Prediction,
                                 Row,
                                 Run,
                                 RunSettings,
                                 StoredComment,
                                 comment_id,
                                 now,
                                 split_themes,
)
from coder.store.schema import DB_NAME, MIGRATIONS, SCHEMA_VERSION

__all__ = ["DB_NAME", "Decision", "MIGRATIONS", "Prediction", "Row", "Run", "RunSettings", "SCHEMA_VERSION", "SET",
           "Store", "StoredComment", "UNDO", "comment_id", "now", "split_themes"]
