from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "岗位匹配"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The core never imports matching: its pages and services reach it through this port.
        from employment import matches

        from . import pages, queue_parts, tasks

        matches.provider_register(
            matches.MatchProvider(
                jobs_for_seeker=pages.jobs_for_seeker,
                pair_reasons=pages.pair_reasons,
                # Looked up when called, so the task function can be replaced (tests, a worker's reload).
                index_update=lambda kind, pk: tasks.queue_index_update(kind, pk),
            )
        )
        queue_parts.register()  # new matches in the seeker's work queue (我的待办)
