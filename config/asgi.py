"""ASGI entry point. Each process loads the matching encoder here, before its first request
(``matching.warmup``; setting ``MATCHING_PRELOAD``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()

from matching.warmup import serving_start  # noqa: E402  (needs the apps loaded above)

serving_start()
