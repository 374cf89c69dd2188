"""chrono.ingest"""
