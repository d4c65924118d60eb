from django.conf import settings


def site(request):
    """Site name, emergency number and health line for every template (no database access)."""
    return {
        "site_name": settings.BACKHEALTH_SITE_NAME,
        "emergency_number": settings.BACKHEALTH_EMERGENCY_NUMBER,
        "health_line": settings.BACKHEALTH_HEALTH_LINE,
    }
