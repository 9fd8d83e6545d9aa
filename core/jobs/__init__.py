"""Long work off the request: a ``Job`` row, run by the Celery worker through a registry of kinds.

An app registers each kind of job it offers (``registry.register_job_kind``) in its ``jobs.py``,
imported from its AppConfig.ready: how to run it in the worker (with no request: the owner's id
is all it has, so it rebuilds what the owner may see from the visibility functions) and how to
check, at download time, that the owner still has the right to the file. The 12345 and back-fill
imports will register here the same way.
"""
