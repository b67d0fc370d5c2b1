"""Migration scripts, one per schema change, oldest first (Alembic reads every module here)."""
