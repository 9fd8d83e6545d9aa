"""Reading a rendered page in tests."""


def form_row(html, field):
    """The form row of ``field`` (its ``data-field``): label, input with its value, and its errors."""
    start = html.index(f'data-field="{field}"')
    end = html.find('class="form-row', start)
    return html[start : end if end > 0 else html.index("</form>", start)]
