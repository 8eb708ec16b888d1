"""Import every model module so ``Base.metadata`` knows all tables (used by Alembic's env)."""

from papermind.store import (
    class_models,  # noqa: F401
    concept_models,  # noqa: F401
    models,  # noqa: F401
    quiz_models,  # noqa: F401
)
