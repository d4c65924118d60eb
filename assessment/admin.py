"""Results in the admin: read-only, no token or hash shown, counts by disposition."""

from django.contrib import admin
from django.db.models import Count

from assessment.models import TIER_CHOICES, AssessmentResult


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ("created_at", "disposition", "expires_at")
    list_filter = ("disposition", "created_at")
    date_hierarchy = "created_at"
    # Never the token hash: it is of no use to staff and should not be copied around.
    fields = (
        "disposition",
        "reasons",
        "possible_causes",
        "cause_details",
        "advice",
        "answers",
        "rules_version",
        "created_at",
        "expires_at",
    )
    readonly_fields = fields
    ordering = ("-created_at",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Nobody edits answers; staff with view permission can still read a result.
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            rows = context["cl"].queryset.order_by().values("disposition").annotate(n=Count("pk"))
            counts = {row["disposition"]: row["n"] for row in rows}
            context["disposition_counts"] = [
                (label, counts.get(value, 0)) for value, label in TIER_CHOICES
            ]
            context["disposition_total"] = sum(counts.values())
        return response
