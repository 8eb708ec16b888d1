"""Import every model module so ``Base.metadata`` knows all tables (used by Alembic's env)."""

from papermind.store import models  # noqa: F401
from papermind.store import quiz_models  # noqa: F401
from papermind.store import concept_models  # noqa: F401
from papermind.store import class_models  # noqa: F401
