"""Bringing received Word and Excel documents into the data (`cchc import`)."""
