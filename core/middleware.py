"""HTTP-layer protections that apply to every response the project itself produces."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Nothing the application answers may be kept by a browser or proxy cache.

    Pages, API answers and downloads carry case content (and a shared office PC keeps its
    cache after logout). Static files never reach this middleware: WhiteNoise, placed
    before it, answers them with their own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"
        return response
