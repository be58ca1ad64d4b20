"""The store: documents, rejections, events, the process registry and what the tracker derives.

SQLAlchemy Core over SQLite (WAL) by default or PostgreSQL; the schema is created and upgraded by
Alembic migrations (``store/migrations``), never by ``create_all``.
"""
