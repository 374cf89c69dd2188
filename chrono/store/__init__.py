"""Storage: the database connection, named queries and migrations."""
