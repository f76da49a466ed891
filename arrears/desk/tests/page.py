"""Reading an HTML page as a browser would lay it out, for tests: its elements, their ids and labels, and
whether some text sits where a user sees it (not inside a closed <details>, a hidden pane or element)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parent: "Element | None" = None
    children: list = field(default_factory=list)  # Elements and strings

    @property
    def text(self) -> str:
        return " ".join(" ".join(c.text if isinstance(c, Element) else c for c in self.children).split())

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def shown(self) -> bool:
        """False when a closed <details> (outside its summary), a hidden element or a hidden pane holds it."""
        path = [self, *self.ancestors()]
        for child, node in zip(path, path[1:] + [None]):
            if "hidden" in child.attrs or "hidden" in child.classes:
                return False
            if node is not None and node.tag == "details" and "open" not in node.attrs and child.tag != "summary":
                return False
        return True


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: ("" if v is None else v) for k, v in attrs}, parent=self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Element(tag, {k: ("" if v is None else v) for k, v in attrs}, parent=self.node))

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def holding(root: Element, text: str) -> list[Element]:
    """The innermost elements whose text contains `text`."""
    found = [e for e in root.iter() if text in e.text]
    return [e for e in found if not any(text in c.text for c in e.children if isinstance(c, Element))]
