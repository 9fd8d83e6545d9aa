"""The real reminder sources (measures, rounds, petitions, clues, recommendations).

Filled in once the apps that own those models are merged; each registration reads
the owning app's models and never changes them.
"""
