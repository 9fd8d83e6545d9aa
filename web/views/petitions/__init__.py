"""信访 pages: intake, list, the petition page with its steps, and the office's 转办件.

Reads go through ``petitions.selectors`` (visibility first; 404 for the unseen). A
reporter's identity is shown exactly as the API shows it: the pseudonymous code on every
page, the identity itself only on an explicit request that ``petitions.identity`` allows
and records; the request and the view log are on the petition page. The steps a page offers
are ``petitions.permissions.allowed_actions`` — the same list the API's detail carries.
"""

from web.views.petitions.detail import petition_detail
from web.views.petitions.lists import petition_create, petition_list
from web.views.petitions.transfers import transfer_detail, transfer_list

__all__ = ["petition_create", "petition_detail", "petition_list", "transfer_detail", "transfer_list"]
