"""The one review module (审核): the two-step town → district review that quota declarations and subsidy
applications share — the abstract reviewed snippet, the two Wagtail workflow tasks, submitting and
acting on a review, and the signal handlers that keep each object's status in step with its
workflow. Workflows and tasks are made by data migrations and found by the reviewed model's content
type (``workflows``)."""
