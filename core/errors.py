"""The one vocabulary for business refusals, mapped to HTTP by core.api.exceptions."""


class ApplicationError(Exception):
    """A refusal the user can understand: ``message`` is Chinese and shown as is.

    ``code`` is a stable English identifier for integrations; ``detail`` carries
    structured context (e.g. field errors); ``status`` is the HTTP status.
    """

    status = 400

    def __init__(self, message, *, code="invalid", detail=None, status=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail or {}
        if status is not None:
            self.status = status


class PermissionDeniedError(ApplicationError):
    status = 403

    def __init__(self, message="您没有执行此操作的权限", **kwargs):
        kwargs.setdefault("code", "permission_denied")
        super().__init__(message, **kwargs)


class InvalidTransitionError(ApplicationError):
    status = 409

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "invalid_transition")
        super().__init__(message, **kwargs)


def require(allowed: bool, message: str = "您没有执行此操作的权限") -> None:
    """Refuse with a 403 and ``message`` unless ``allowed`` (the services' permission checks)."""
    if not allowed:
        raise PermissionDeniedError(message)


def field_error(field: str, message: str, *, code: str = "invalid") -> ApplicationError:
    """A 400 naming ``field`` (``detail = {field: [message]}``), to raise."""
    return ApplicationError(message, code=code, detail={field: [message]})
