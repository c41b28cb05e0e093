"""Getting a serving process ready before its first request (预加载): the encoder and the job corpus.

Loading the sentence encoder takes seconds (torch, the model files); before this, the first
matched-jobs page of every web process waited for it. ``config/wsgi.py`` and ``config/asgi.py`` call
:func:`serving_start` once the Django application exists, so each gunicorn worker loads the encoder
while it boots, before it accepts a request. Nothing else calls it: ``manage.py`` commands, Celery
workers and tests never pay for a model they may not use (a Celery worker loads it on its first
embedding task, as before).

Setting ``MATCHING_PRELOAD`` (default on; off in the test settings) switches it. The encoder is
loaded through ``matching.embedding.get_encoder``, the same per-process cache requests use, so a
request finds it loaded. The job corpus (vectors from the index in force, BM25, FAISS) is built too
when the database answers; if it does not yet (a worker booting while the database restarts), the
first request builds it as before and the worker still starts. An encoder that cannot be loaded is
logged and not fatal: the pages that do not match keep working, and the error shows again on the
first matched page.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)


def serving_start() -> bool:
    """Load the encoder (and build the job corpus) now, if ``MATCHING_PRELOAD`` is on.

    Returns whether the encoder is loaded.
    """
    if not getattr(settings, "MATCHING_PRELOAD", True):
        return False
    from matching import embedding, selectors

    started = time.perf_counter()
    try:
        encoder = embedding.get_encoder()
    except Exception:
        log.exception("matching: the encoder could not be loaded at start; the first matched page will try again")
        return False
    loaded = time.perf_counter()
    already_open = {conn.alias for conn in connections.all() if conn.connection is not None}
    try:
        selectors.job_corpus()
    except Exception as exc:  # e.g. the database is not reachable yet: the first request builds it
        log.warning("matching: job corpus not built at start (%s); the first matched page builds it", exc)
    finally:
        # A connection opened while booting is not kept into the first request (one already open, as
        # in a test's transaction, is not ours to close).
        for conn in connections.all():
            if conn.alias not in already_open:
                conn.close()
    log.info("matching: encoder %r loaded in %.1f s, job corpus in %.1f s", encoder,
             loaded - started, time.perf_counter() - loaded)
    return True
