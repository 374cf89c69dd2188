"""chrono.places"""
