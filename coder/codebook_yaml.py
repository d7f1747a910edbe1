"""Codebook YAML as coder reads and writes it: PyYAML's safe loader with guards, and the dumper coder writes with."""

from __future__ import annotations

import yaml

from coder.errors import CodebookError

MAX_DEPTH = 50  # a codebook is three or four levels deep
MAX_NODES = 200_000  # counted with aliases expanded: a "billion laughs" file is far above


class _GuardedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses deep nesting (which recurses past Python's limit) and alias bombs."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise CodebookError(f"line {mark.line + 1}: nested more than {MAX_DEPTH} levels deep",
                                    danish=f"linje {mark.line + 1}: indlejret mere end {MAX_DEPTH} niveauer")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        """A key given twice in one mapping is an error (YAML would keep the last one in silence)."""
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        line = key_node.start_mark.line + 1
                        raise CodebookError(f"line {line}: '{key_node.value}' is given twice in the same block; "
                                            "keep one",
                                            danish=f"linje {line}: '{key_node.value}' står to gange i samme blok; "
                                                   "behold den ene")
                    seen.add(key_node.value)
        return super().construct_mapping(node, deep)


def _expanded_size(node: yaml.Node) -> int:
    """Nodes in the document with every alias expanded, counted without expanding them (memoised per node).

    An alias inside its own anchor (``a: &x [*x]``) would expand for ever: that is a CodebookError. A node
    entered but not finished is an ancestor of the node being visited (children finish first), so meeting one
    again is such a loop.
    """
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        if id(current) in sizes:
            continue
        if not done:
            if id(current) in entered:
                line = current.start_mark.line + 1 if current.start_mark else "?"
                raise CodebookError(f"line {line}: an alias (*name) inside the anchor (&name) it refers to never ends",
                                    danish=f"linje {line}: et alias (*navn) inde i det anker (&navn), det henviser "
                                           "til, slutter aldrig")
            entered.add(id(current))
        children: list[yaml.Node] = []
        if isinstance(current, yaml.SequenceNode):
            children = list(current.value)
        elif isinstance(current, yaml.MappingNode):
            children = [n for pair in current.value for n in pair]
        if done:
            sizes[id(current)] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
        else:
            stack.append((current, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(node)]


_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _version_as_written(node: yaml.Node) -> None:
    """A top-level ``version: 1.10`` is the text "1.10" as written, not the number 1.1."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (isinstance(key, yaml.ScalarNode) and key.value == "version" and isinstance(value, yaml.ScalarNode)
                    and value.tag in _NUMBERS):
                value.tag = "tag:yaml.org,2002:str"


MISSING_EXAMPLES = {  # a codebook's required field: a line to add, in English and Danish
    "name": ("name: Cluster meetings 2025", "name: Kvalitetsklynger 2025"), "version": ('version: "1"', 'version: "1"'),
    "themes": ("themes: (then one '- id: …' per theme)", "themes: (og derunder ét '- id: …' pr. tema)"),
    "id": ("id: content", "id: indhold"), "label": ("label: Professional content", "label: Fagligt indhold"),
    "description": ("description: what the answers about it say", "description: hvad svarene om det handler om"),
}
DANISH_FIELDS = {"navn": "name", "sprog": "language", "beskrivelse": "description", "spørgsmål": "questions",
                 "temaer": "themes", "etiket": "label", "nøgleord": "keywords", "medtag": "include",
                 "udelad": "exclude", "eksempler": "examples", "modeksempler": "counter_examples",
                 "underkoder": "subcodes"}  # a codebook's fields as a Danish author may name them (walk36)
_PROBLEMS = (  # PyYAML's words for the mistakes people make in a codebook, in plain words (walk36)
    ("cannot start any token", r"'\t'", "a tab: indent with spaces", "et tabulatortegn: ryk ind med mellemrum"),
    ("mapping values are not allowed here", "", "a ': ' inside a text: put the text in quotes",
     "et ': ' inde i en tekst: sæt teksten i anførselstegn"),
    ("expected <block end>", "", "the indentation does not line up: a field or a '- ' item is too far left or right",
     "indrykningen passer ikke: et felt eller et '- '-punkt står for langt til venstre eller højre"),
    ("could not find expected ':'", "", "a line that is not 'field: value': a text over several lines needs quotes",
     "en linje, der ikke er 'felt: værdi': en tekst over flere linjer skal i anførselstegn"),
)


def yaml_problem(problem: str | None) -> tuple[str, str] | None:
    """PyYAML's ``problem`` in plain English and Danish, or None when it is none of the common ones."""
    for words, also, english, danish in _PROBLEMS:
        if problem and words in problem and also in problem:
            return english, danish
    return None


def safe_yaml(text: str) -> object:
    """Parse YAML text with PyYAML's safe loader, refusing deep nesting and alias bombs (CodebookError)."""
    loader = _GuardedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _version_as_written(node)
        if _expanded_size(node) > MAX_NODES:
            raise CodebookError(f"more than {MAX_NODES:,} values once anchors and aliases are expanded",
                                danish=f"mere end {MAX_NODES:_} værdier, når ankre og aliasser er foldet "
                                       "ud".replace("_", "."))
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key (``themes:`` then ``  - id: …``), as in ``codebooks/*.yaml``, so themes
    copied from one file coder writes into a codebook written like those keep the indentation YAML needs."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # type: ignore[no-untyped-def]
        return super().increase_indent(flow, False)


def yaml_text(data: object) -> str:
    """``data`` as YAML the way coder writes codebooks: keys in order, Danish letters as they are, lists indented."""
    return yaml.dump(data, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=100)


def odd_key(data: object, where: str = "") -> tuple[str, object] | None:
    """(where, key) of the first mapping key that is no text ('yes:' read as True, '1:' as 1), or None."""
    if isinstance(data, dict):
        for k, v in data.items():
            if not isinstance(k, str):
                return where, k
            found = odd_key(v, f"{where}{k}.")
            if found is not None:
                return found
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found = odd_key(v, f"{where.rstrip('.')}[{i}].")
            if found is not None:
                return found
    return None
