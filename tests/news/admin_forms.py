"""Read an admin change form the way a browser would submit it, so tests can post it back."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self.data.append((name, value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(html, form_id):
    """The fields of the form ``form_id`` as a dict of lists (for the test client)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data
