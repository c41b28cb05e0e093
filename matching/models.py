"""Matching keeps no table of its own.

Vectors are stored with their rows (``employment.models.EmbeddedMixin``) and the FAISS indexes are
files under ``MATCHING_INDEX_DIR`` (see ``matching.index``). The counsellors' override log that used
to live here had no page to use it and was removed (migration ``0002_delete_match_override``).
"""
