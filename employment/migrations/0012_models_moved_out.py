"""Issue 17, step 2 of moving quota declarations, subsidies, the family register and the review tasks
to their own apps: ``employment`` lets go of their project state (their tables are left alone), and a
seeker's family now names ``households.Household`` (the column and its data are unchanged). Each new
app's ``0002_tables`` then renames the tables and moves the content types in place."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("employment", "0011_notification_target"),
        ("households", "0001_initial"),
        ("quota", "0001_initial"),
        ("review", "0001_initial"),
        ("subsidies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="jobseeker",
                    name="household",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="members",
                        to="households.household", verbose_name="所属家庭",
                    ),
                ),
                # Children before their parents, so no state model points at a deleted one.
                migrations.DeleteModel(name="SIClaimLine"),
                migrations.DeleteModel(name="SubsidyEvidence"),
                migrations.DeleteModel(name="PaymentDetailsChange"),
                migrations.DeleteModel(name="SubsidyApplication"),
                migrations.DeleteModel(name="PaymentList"),
                migrations.DeleteModel(name="MonthsAdjustment"),
                migrations.DeleteModel(name="DeclarationConflict"),
                migrations.DeleteModel(name="RosterEntry"),
                migrations.DeleteModel(name="Declaration"),
                migrations.DeleteModel(name="PolicyYear"),
                migrations.DeleteModel(name="Household"),
                migrations.DeleteModel(name="TownReviewTask"),
                migrations.DeleteModel(name="DistrictReviewTask"),
            ],
            database_operations=[],
        ),
    ]
