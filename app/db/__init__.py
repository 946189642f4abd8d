"""Storage: typed SQLAlchemy models, engine and sessions, migrations."""
