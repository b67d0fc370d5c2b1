"""The store's Alembic migrations (``script_location = eventwire.store:migrations``)."""
