"""chrono.resolve"""
