"""Report files move from MEDIA_ROOT (served by URL, guessable names) to private storage.

Existing finished reports are kept, not regenerated: a report is the figures as they stood when it
was built, and rebuilding it would silently change them. Each file is copied into
``PRIVATE_MEDIA_ROOT`` under a random name, its row updated, and the public copy deleted; a job whose
file is already gone is marked failed ("请重新生成"). Finally every report file still left under
``MEDIA_ROOT/reports/`` (files of jobs deleted earlier, which nothing ever removed) is deleted too.

Not atomic on purpose: each job is copied, re-pointed and only then its public copy removed, so a
crash part-way leaves every row pointing at a file that exists, and running the migration again
finishes the work (moved rows are recognised by their new name; leftovers are swept).
Reversing it changes nothing on disk: putting the files back where anyone can download them is not
something a rollback should do.
"""

import re
import uuid

from django.core.files.base import ContentFile
from django.db import migrations, models

import dashboard.models

OLD_NAME = re.compile(r"^reports/\d{4}/\d{2}/[^/]+$")  # upload_to="reports/%Y/%m/"


def _public_storage():
    # The storage the field used before this migration: the default one, rooted at MEDIA_ROOT.
    from django.core.files.storage import default_storage

    return default_storage


def reports_make_private(apps, schema_editor):
    ReportJob = apps.get_model("dashboard", "ReportJob")
    private = ReportJob._meta.get_field("file").storage
    public = _public_storage()
    for job in ReportJob.objects.exclude(file="").order_by("pk").iterator():
        old = job.file.name
        if not OLD_NAME.match(old):
            continue  # moved by an earlier run
        try:
            with public.open(old, "rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError):
            ReportJob.objects.filter(pk=job.pk).update(
                file="", status="failed", progress=0, error="报表文件已不存在，请重新生成。")
            continue
        new = private.save(f"reports/{uuid.uuid4().hex}.xlsx", ContentFile(content))
        ReportJob.objects.filter(pk=job.pk).update(file=new)
        public.delete(old)
    _sweep(public, "reports")


def _sweep(storage, directory: str) -> None:
    """Delete every file left under ``directory`` of the public storage (report files only live there)."""
    try:
        subdirs, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        storage.delete(f"{directory}/{name}")
    for sub in subdirs:
        _sweep(storage, f"{directory}/{sub}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportjob",
            name="file",
            field=models.FileField(blank=True, storage=dashboard.models.report_storage,
                                   upload_to=dashboard.models.report_file_name, verbose_name="报表文件"),
        ),
        migrations.RunPython(reports_make_private, migrations.RunPython.noop),
    ]
