"""
Relationship maps (`organizations.maps`) drawn as SVG for a page to inline.

Graphviz lays the map out (Debian's `graphviz` package, run through the
`graphviz` binding). While every relationship can carry its words, `dot`
draws left to right, so each reads as a sentence — “Vinnova funds → AI
Sweden”, “Mila hosts → AI Sweden” — with the centre between what points at
it and what it points at. Beyond that, the web is drawn unlabelled — by
`twopi` in rings around a profile's organization, by `neato` for the
directory — the kinds told apart by class, each relationship's sentence in
its tooltip, and the list beside the map gives the words.

Graphviz's output is then made fit for the page: no XML declaration,
doctype, comments, ids of its own or Graphviz's titles; no `style` and no
colours or fonts (the Content-Security-Policy forbids inline styles, and the
site's CSS styles the classes `render_svg` lists); no width or height, so CSS
can size the `viewBox`; an accessible name and description; every
organization a plain `href` link to its profile. Only labels pass through
Graphviz, escaped, and every other text is added afterwards by lxml.

The same map always draws the same bytes (the graph is sorted, `dot` and
`twopi` are deterministic and `neato` starts from a fixed seed), so the
result is cached under a digest of what it shows.
"""

import hashlib
import json
import logging
import re
import textwrap

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from lxml import etree

try:
    import graphviz
except ImportError:  # Drawing fails, logged; pages show their lists.
    graphviz = None

logger = logging.getLogger(__name__)

# Up to this many relationships each is labelled with its phrase and dates.
LABELLED_EDGES = 60
CACHE_SECONDS = 7 * 24 * 60 * 60
# Change when the drawing changes, so maps cached before are drawn again.
VERSION = "1"
# Names wrap at about this many characters a line.
NAME_WIDTH = 24
FONT = "Helvetica"

SVG = "http://www.w3.org/2000/svg"
# Presentation Graphviz adds that the site's CSS owns.
PRESENTATION = {
    "style",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-opacity",
    "stroke-width",
    "stroke-dasharray",
    "font-family",
    "font-weight",
    "font-style",
}
# Drawn widths (in points) up to which a map is small, medium or large.
SIZES = [(480, "small"), (960, "medium"), (float("inf"), "large")]
SHAPE_CLASSES = {
    "node": {"text": "map-node-label", None: "map-node-shape"},
    "edge": {"text": "map-edge-label", "path": "map-edge-line", None: "map-edge-arrow"},
}


def render_svg(graph, title, description, center=None):
    """
    `graph` drawn as SVG markup to put in a page as it is (a SafeString),
    named `title` and described by `description`, with `center` (default the
    graph's own) marked as the centre.

    None when there is nothing to draw (no relationship) or Graphviz is
    missing or fails (logged as a warning): the page then shows its list
    alone. Classes it emits, for the site's CSS:

    - `map`, `map--profile` (a centre) or `map--directory`, and
      `map--small`, `map--medium` or `map--large` (drawn up to 480, 960 or
      more points wide) on the `<svg>`; `map-graph` on the group holding
      everything;
    - `map-node`, `map-kind-<organization kind>` (`map-kind-company`…),
      `map-node--center` or `map-node--hop-1`/`map-node--hop-2` on each
      organization's group, with `map-node-shape` and `map-node-label`
      inside its link;
    - `map-edge`, `map-edge--<relationship kind>` (`map-edge--funder`…) and
      `map-edge--ended` on each relationship's group, with `map-edge-line`,
      `map-edge-arrow` and `map-edge-label` inside.
    """
    if not graph.edges:
        return None
    center = graph.center if center is None else center
    title, description = str(title), str(description)
    # How it is drawn is part of the key too: a map labelled under one
    # LABELLED_EDGES is never served for another.
    labelled = len(graph.edges) <= LABELLED_EDGES
    digest = hashlib.sha256(
        json.dumps([VERSION, graph.signature, title, description, center, labelled]).encode()
    ).hexdigest()
    key = f"organizations:map:{digest}"
    svg = cache.get(key)
    if svg is None:
        try:
            svg = draw(graph, title, description, center, prefix=f"map-{digest[:10]}")
        except Exception:  # A page never fails for its map: it has the list.
            logger.warning("The relationship map could not be drawn", exc_info=True)
            return None
        cache.set(key, svg, CACHE_SECONDS)
    return mark_safe(svg)


def draw(graph, title, description, center, prefix="map"):
    """The SVG markup, uncached; raises when Graphviz does."""
    if graphviz is None:
        raise RuntimeError("The graphviz package is not installed (requirements.txt).")
    labelled = len(graph.edges) <= LABELLED_EDGES
    source = layout(graph, center, labelled)
    # Quiet: layout warnings (overlap removal, say) stay out of the logs;
    # a failure still raises, with Graphviz's message.
    output = source.pipe(format="svg", quiet=True)
    return clean(output, graph, title, description, center, prefix)


def layout(graph, center, labelled):
    """The map as a Graphviz graph: nodes and edges by id, so equal maps are equal input."""
    if labelled:
        dot = graphviz.Digraph(engine="dot")
        dot.attr("graph", rankdir="LR", nodesep="0.25", ranksep="0.35")
    elif center is not None:
        # The centre in the middle, each step out a ring around it.
        dot = graphviz.Digraph(engine="twopi")
        dot.attr("graph", root=f"o{center}", ranksep="1.2", overlap="prism", splines="false")
    else:
        dot = graphviz.Digraph(engine="neato")
        dot.attr("graph", overlap="prism", splines="false", sep="+6", start="1")
    dot.attr("graph", outputorder="edgesfirst", pad="0.1", fontname=FONT)
    dot.attr("node", shape="box", style="rounded", fontname=FONT, fontsize="12", height="0.3")
    dot.attr("edge", fontname=FONT, fontsize="10", arrowsize="0.6")
    for node in sorted(graph.nodes, key=lambda node: node.id):
        lines = textwrap.wrap(
            _plain(node.display_name), NAME_WIDTH, break_long_words=False, break_on_hyphens=False
        ) or [""]
        dot.node(f"o{node.id}", label=_label(*lines), id=f"o{node.id}")
    for edge in sorted(graph.edges, key=lambda edge: edge.id):
        tail, head, direction = edge.source, edge.target, "forward"
        if edge.kind == "partner":
            # Partners read the same both ways: lay the centre out first.
            direction = "none"
            if head == center:
                tail, head = head, tail
        attributes = {"id": f"r{edge.id}", "dir": direction}
        if labelled:
            attributes["label"] = _label(edge.phrase, edge.dates)
        dot.edge(f"o{tail}", f"o{head}", **attributes)
    return dot


def clean(output, graph, title, description, center, prefix):
    """Graphviz's SVG made safe and accessible to inline (see the module's docstring)."""
    parser = etree.XMLParser(
        remove_comments=True,
        remove_pis=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
    )
    root = etree.fromstring(output, parser)
    for element in root.iter():
        for name in PRESENTATION & set(element.attrib):
            del element.attrib[name]
    for name in ("width", "height", "id", "class"):
        root.attrib.pop(name, None)
    # Without width and height a map fills its container; its drawn size, in
    # steps, lets CSS stop a small one growing past legibility.
    width = float(root.get("viewBox", "0 0 0 0").split()[2])
    size = next(name for limit, name in SIZES if width <= limit)
    scope = "map--profile" if center is not None else "map--directory"
    root.set("class", f"map {scope} map--{size}")
    root.set("role", "group")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("aria-describedby", f"{prefix}-desc")
    name = _element("title", title, id=f"{prefix}-title")
    root.insert(0, name)
    name.addnext(_element("desc", description, id=f"{prefix}-desc"))

    edges = {edge.id: edge for edge in graph.edges}
    for group in list(root.iter(f"{{{SVG}}}g")):
        role, ident = group.get("class"), group.attrib.pop("id", "")
        for graphviz_title in group.findall(f"{{{SVG}}}title"):
            group.remove(graphviz_title)
        if role == "graph":
            group.set("class", "map-graph")
            for background in group.findall(f"{{{SVG}}}polygon"):
                group.remove(background)
        elif role == "node":
            _node(group, graph.nodes_by_id[int(ident[1:])], center)
        elif role == "edge":
            _edge(group, edges[int(ident[1:])], graph.nodes_by_id)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def _node(group, node, center):
    classes = ["map-node", f"map-kind-{_token(node.kind)}"]
    if node.id == center:
        classes.append("map-node--center")
    elif node.hops:
        classes.append(f"map-node--hop-{node.hops}")
    group.set("class", " ".join(classes))
    shapes = list(group)
    link = etree.SubElement(group, f"{{{SVG}}}a", href=node.url)
    if node.id == center:
        link.set("aria-current", "page")
    # The full name: the link's accessible name and tooltip where the label is short.
    link.append(_element("title", node.name))
    for shape in shapes:
        _classify(shape, "node")
        link.append(shape)


def _edge(group, edge, nodes):
    classes = ["map-edge", f"map-edge--{_token(edge.kind)}"]
    if edge.ended:
        classes.append("map-edge--ended")
    group.set("class", " ".join(classes))
    sentence = gettext("%(source)s %(phrase)s %(target)s") % {
        "source": nodes[edge.source].name,
        "phrase": edge.phrase,
        "target": nodes[edge.target].name,
    }
    if edge.dates:
        sentence = f"{sentence}, {edge.dates}"
    group.insert(0, _element("title", sentence))
    for shape in group[1:]:
        _classify(shape, "edge")


def _classify(shape, role):
    tag = etree.QName(shape).localname
    classes = SHAPE_CLASSES[role]
    shape.set("class", classes.get(tag, classes[None]))


def _element(tag, text, **attributes):
    element = etree.Element(f"{{{SVG}}}{tag}", **attributes)
    element.text = _plain(text)
    return element


def _plain(value):
    """One line of printable text: no newline or control character from a name."""
    return "".join(char for char in " ".join(str(value).split()) if char.isprintable())


def _label(*lines):
    """
    A plain (never HTML-like) Graphviz label of `lines`: backslashes doubled
    so none starts an escape (`\\N`, `\\l`, or the closing quote), and `&`
    written as `&amp;`, which Graphviz reads as an entity and writes back,
    so no text of a name can form an entity of its own.
    """
    escaped = [_plain(line).replace("\\", "\\\\").replace("&", "&amp;") for line in lines if line]
    return graphviz.nohtml("\\n".join(escaped))


def _token(value):
    """A class name part from a stored kind: lowercase letters, digits, _ and -."""
    return re.sub(r"[^a-z0-9_-]", "-", str(value).lower())
