"""Writes of the reports app: each service checks permission, validates, and records history."""
