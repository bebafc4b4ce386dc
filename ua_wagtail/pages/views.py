"""The pages' own public view: the deadline as a calendar reminder."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .models import UrgentActionPage
from .reminders import deadline_reminder, reminder_filename


@csrf_exempt  # it only answers GET: other methods get the JSON 405, not CSRF's page
@require_GET
def reminder_view(request, page_id):
    """The deadline as a calendar event to download (``.ics``)."""
    page = get_object_or_404(UrgentActionPage.objects.published(), pk=page_id)
    response = HttpResponse(
        deadline_reminder(page, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{reminder_filename(page)}"'
    )
    return response
