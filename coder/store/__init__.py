"""The project database (``DIR/coder.db``): one SQLite file per project, the single source of truth.

``Store`` reads and writes it; the records it hands out are typed (``Run``, ``Prediction``,
``Row``, ``Decision``), never dicts of unknown keys. ``labels`` resolves the decision log to the
label in force; ``audit`` keeps the random audit sample; ``backup`` copies the file before risky steps.
"""

from coder.store.audit import EXCLUDE, PIN, AuditDesign, AuditItem
from coder.store.backup import backup, backups, set_aside
from coder.store.db import Store, project_language
from coder.store.labels import LabelState, is_not_answer, labelled_status, met_by, resolve
from coder.store.records import (
                                 ADJUDICATE,
                                 ADJUDICATED,
                                 DISPUTED,
                                 HUMAN,
                                 MODEL,
                                 NOT_ANSWER,
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

__all__ = ["ADJUDICATE", "ADJUDICATED", "AuditDesign", "AuditItem", "DB_NAME", "DISPUTED", "Decision", "EXCLUDE",
           "HUMAN", "LabelState", "MIGRATIONS", "MODEL", "NOT_ANSWER", "PIN", "Prediction", "Row", "Run", "RunSettings",
           "SCHEMA_VERSION", "SET", "Store", "StoredComment", "UNDO", "backup", "backups", "comment_id",
           "is_not_answer", "labelled_status", "met_by", "now", "project_language", "resolve", "set_aside",
           "split_themes"]
