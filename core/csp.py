"""The one relaxation of the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update

# Swagger UI and Redoc build their styles at run time (<style> elements), Redoc searches in a
# worker it creates from a blob. Scripts stay 'self' only: neither page needs inline script.
docs_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"], "img-src": ["blob:"]})
