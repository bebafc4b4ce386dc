"""What the OpenAPI document says of the reports API beyond its schemas: the
responses of each operation, with an example of every refusal."""

from .schemas import Errors, ReportCreated, UrgentActionTotals


def _errors_example(field: str, message: str) -> dict:
    return {"application/json": {"example": {"errors": {field: [message]}}}}


REPORT_DOCS = {
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "description": "A string the client chooses for each new report (a "
            "UUID will do), sent again with every retry of that report. The "
            "first request with a key stores the report; a later one with the same "
            "key and the same report stores nothing and is answered with the "
            "report stored first (its id, the totals as they are now) and the "
            "header Idempotent-Replayed: true. Keys are scoped to the Urgent "
            "Action and kept 24 hours (UA_WAGTAIL_IDEMPOTENCY_KEY_HOURS).",
        }
    ],
    "responses": {
        201: {
            "headers": {
                "Idempotent-Replayed": {
                    "schema": {"type": "string", "enum": ["true"]},
                    "description": "Sent when the answer is that of an earlier "
                    "request with the same Idempotency-Key.",
                }
            }
        },
        400: {
            "content": _errors_example(
                "actions.letter", "The count must be between 1 and 10."
            )
        },
        413: {"content": _errors_example("body", "The report is too large.")},
        415: {
            "content": _errors_example(
                "body", "Send the report as JSON (Content-Type: application/json)."
            )
        },
        409: {
            "description": "The report with this Idempotency-Key is being "
            "stored or was just forgotten: send it again after Retry-After seconds.",
            "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
            "content": _errors_example(
                "Idempotency-Key",
                "A report with this Idempotency-Key is being stored. Send it again "
                "in a moment.",
            ),
        },
        422: {
            "description": "The Idempotency-Key was sent before with another report.",
            "content": _errors_example(
                "Idempotency-Key",
                "This Idempotency-Key was sent before with another report. Send a "
                "new key with each new report.",
            ),
        },
        429: {
            "description": "Too many reports from this client: retry after "
            "Retry-After seconds.",
            "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
            "content": _errors_example(
                "__all__",
                "You have sent many reports in a short time. Try again in 42 seconds.",
            ),
        },
    },
}

TOTALS_DOCS = {
    "parameters": [
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "The ETag of totals read before: unchanged, they are "
            "answered with a bodiless 304.",
        }
    ],
    "responses": {
        200: {
            "headers": {
                "ETag": {"schema": {"type": "string"}},
                "Cache-Control": {"schema": {"type": "string"}},
            }
        },
        304: {"description": "Not modified since the ETag sent."},
        404: {
            "content": _errors_example(
                "page", "No published Urgent Action has this id."
            )
        },
    },
}

REPORT_RESPONSES = {
    201: ReportCreated,
    400: Errors,
    413: Errors,
    409: Errors,
    415: Errors,
    422: Errors,
    429: Errors,
}
TOTALS_RESPONSES = {200: UrgentActionTotals, 304: None, 404: Errors}
