"""Reading a rendered page in tests."""


def form_row(html, field):
    """The form row of ``field`` (its ``data-field``): label, input with its value, and its errors."""
    start = html.index(f'data-field="{field}"')
    end = html.find('class="form-row', start)
    return html[start : end if end > 0 else html.index("</form>", start)]


def with_token(user, data=None, *, prefix=None):
    """``data`` plus the one-time token a rendered create form carries for ``user`` (``web.forms.once``)."""
    from web.forms.once import TOKEN_FIELD, new_token

    name = f"{prefix}-{TOKEN_FIELD}" if prefix else TOKEN_FIELD
    return {**(data or {}), name: new_token(user)}
