"""The flow of a procedure's steps: which step leads where, and the steps that flow cannot reach or leave.

A question of the model (the loader reports :func:`flowchart_problems`); the
flowchart writer draws the same graph with its labels wrapped
(:func:`generator.flowchart.graph.flowchart_graph`).

Moved from ``generator/flowchart/graph.py`` (issue 22), verbatim but for two
lines: ``NodeKind``, ``Format``, ``_s``, ``Node``, ``Edge``, ``Flowchart``,
``_step_node_id``, ``MAX_LABEL``, ``_label_text``, ``_targets``, ``_reach``,
``flowchart_problems``, and ``flowchart_graph`` as ``flow_graph`` without its
``wrap`` argument (each node's ``lines`` is its label on one line; the
flowchart writer wraps them); ``flowchart_problems`` calls ``flow_graph``.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from generator.i18n import t
from generator.model.documents import Procedure, StepKind
from generator.text import Text

NodeKind = Literal["terminal", "process", "decision", "document"]
Format = Literal["svg", "pdf-svg", "png", "pdf"]


def _s(key: str, lang: str) -> str:
    return t(f"flow_{key}", lang)


# --------------------------------------------------------------------------- the graph


@dataclasses.dataclass(frozen=True)
class Node:
    """One symbol of the chart.

    ``id`` is the Graphviz node name (``start``, ``end``, ``s1`` … for step 1 …);
    ``kind`` the symbol; ``label`` the full label text; ``step`` the 1-based
    step number (``None`` for the implicit start/end terminals); ``lines`` the
    label wrapped at Thai word boundaries.
    """

    id: str
    kind: NodeKind
    label: str
    step: int | None
    lines: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Edge:
    """An arrow from ``source`` to ``target`` (node ids).

    ``label`` is the branch label of a decision (``None`` for a plain
    sequence arrow); ``back`` is true for a branch to the same or an earlier
    step (a loop-back, drawn beside the main column).
    """

    source: str
    target: str
    label: str | None = None
    back: bool = False


@dataclasses.dataclass(frozen=True)
class Flowchart:
    """The graph of one procedure in one language: nodes in step order, then edges."""

    procedure_id: str
    title: str
    lang: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    start: str
    end: str

    def node(self, node_id: str) -> Node:
        """The node named ``node_id``; ``KeyError`` when there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def successors(self, node_id: str) -> list[str]:
        """Ids of the nodes an arrow from ``node_id`` leads to, in edge order."""
        return [e.target for e in self.edges if e.source == node_id]


def _step_node_id(index: int) -> str:
    return f"s{index + 1}"


MAX_LABEL = 200
"""Longest text drawn in one flowchart box, in characters; longer step texts are cut with "…" (the full
text is in the steps table).  Keeps every box, and so the image, a printable size."""


def _label_text(text: Text | None, fallback: Text, lang: str) -> str:
    label = " ".join((text or fallback).get(lang).split())
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


END_WORDS = ("สิ้นสุด", "จบ", "end", "finish", "stop", "done")
"""How the label of an end step that only marks the end begins (สิ้นสุด, จบการปฏิบัติงาน, End)."""


def end_step_acts(step) -> bool:
    """Whether ``step`` is of kind ``end`` but does something (ส่งมอบข้อมูล, แจ้งผล): its label (``short``,
    else ``text``, in Thai) does not begin with one of :data:`END_WORDS`.

    Such a step is drawn as a process box followed by a terminal of its own (สิ้นสุด), so that a branch
    to the end (``goto: end``, e.g. a refusal) does not lead into the action; ``handbook check`` warns
    about it (:func:`generator.model.checks.end_step_warnings`).
    """
    if step.kind is not StepKind.end:
        return False
    label = " ".join((step.short or step.text).th.split()).lower()
    return not label.startswith(END_WORDS)


def _targets(procedure: Procedure) -> tuple[str, str, bool, bool]:
    """(start id, end id, first step is the start terminal, last step is the end terminal).

    The last step is the end terminal only when it is of kind ``end`` and does nothing but end
    (:func:`end_step_acts`); otherwise an implicit end terminal ``end`` follows it.
    """
    steps = procedure.steps
    own_start = steps[0].kind is StepKind.start
    own_end = (steps[-1].kind is StepKind.end and not end_step_acts(steps[-1])
               and (len(steps) > 1 or not own_start))
    return (
        _step_node_id(0) if own_start else "start",
        _step_node_id(len(steps) - 1) if own_end else "end",
        own_start,
        own_end,
    )


def flow_graph(procedure: Procedure, lang: str) -> Flowchart:
    """Build the flowchart graph of ``procedure`` with labels in ``lang`` ("th" or "en").

    One node per step (id ``s<n>``, ``n`` 1-based) plus an implicit start
    terminal ``start`` and end terminal ``end``, except that a first step of
    kind ``start`` is itself the start terminal and a last step of kind
    ``end`` that only marks the end (สิ้นสุด) the end terminal.  A step leads to
    the next one (the last to the end); a decision leads only through its
    branches; a step of kind ``end`` leads nowhere, unless it does something
    (:func:`end_step_acts`: ส่งมอบข้อมูล): then it is a process box that leads
    to the end terminal, which a branch to the end reaches on its own.  A branch whose ``goto`` names no step is left out (the
    loader reports it).  Each label is on one line (no Thai segmentation: the
    flowchart writer wraps them, :func:`generator.flowchart.graph.flowchart_graph`).
    Never raises for a validated procedure.
    """
    steps = procedure.steps
    start_id, end_id, own_start, own_end = _targets(procedure)
    ids = {step.id: i for i, step in enumerate(steps) if step.id}
    nodes: list[Node] = []
    if not own_start:
        label = t("start", lang)
        nodes.append(Node("start", "terminal", label, None, (label,)))
    for i, step in enumerate(steps):
        kind: NodeKind
        if step.kind is StepKind.start or step.kind is StepKind.end and not end_step_acts(step):
            kind = "terminal"
        elif step.kind is StepKind.end:
            kind = "process"
        else:
            kind = step.kind.value  # type: ignore[assignment]
        label = _label_text(step.short, step.text, lang)
        nodes.append(Node(_step_node_id(i), kind, label, i + 1, (label,)))
    if not own_end:
        label = t("end", lang)
        nodes.append(Node("end", "terminal", label, None, (label,)))

    def after(i: int) -> str:
        return _step_node_id(i + 1) if i + 1 < len(steps) else end_id

    edges: list[Edge] = []
    if not own_start:
        edges.append(Edge("start", _step_node_id(0)))
    for i, step in enumerate(steps):
        here = _step_node_id(i)
        if step.kind is StepKind.end:
            if end_step_acts(step) and here != end_id:
                edges.append(Edge(here, end_id))
            continue
        if step.kind is StepKind.decision and step.branches:
            for branch in step.branches:
                label = _label_text(None, branch.label, lang)
                if branch.goto == "next":
                    edges.append(Edge(here, after(i), label))
                elif branch.goto == "end":
                    edges.append(Edge(here, end_id, label))
                elif branch.goto in ids:
                    j = ids[branch.goto]
                    edges.append(Edge(here, _step_node_id(j), label, back=j <= i))
            continue
        edges.append(Edge(here, after(i)))
    return Flowchart(procedure.id, procedure.title.get(lang), lang, tuple(nodes), tuple(edges), start_id, end_id)


def _reach(flowchart: Flowchart, sources: list[str], reverse: bool = False) -> set[str]:
    forward: dict[str, list[str]] = {}
    for e in flowchart.edges:
        a, b = (e.target, e.source) if reverse else (e.source, e.target)
        forward.setdefault(a, []).append(b)
    seen = set(sources)
    todo = list(sources)
    while todo:
        for nxt in forward.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def flowchart_problems(procedure: Procedure) -> list[tuple[tuple, str, str]]:
    """Find the steps the flowchart cannot draw as one flow from start to end.

    Returns ``(loc, message, hint)`` tuples in step order, like the loader's
    messages: ``loc`` is the 0-based location in the YAML data (e.g.
    ``("steps", 3)``, or ``("steps", 3, "branches")`` for a decision),
    ``message`` what is wrong and ``hint`` how to fix it, for people who do
    not program.  Reported: a step that no step or branch leads to (not
    reachable from the start), and a step from which the end cannot be
    reached (e.g. a decision whose branches all go back).  An empty list means
    the chart is sound.  Never raises for a validated procedure.
    """
    chart = flow_graph(procedure, "th")
    from_start = _reach(chart, [chart.start])
    enders = [n.id for n in chart.nodes if n.id == chart.end or
              (n.step is not None and procedure.steps[n.step - 1].kind is StepKind.end)]
    to_end = _reach(chart, enders, reverse=True)
    problems: list[tuple[tuple, str, str]] = []
    stuck: list[int] = []
    for i, step in enumerate(procedure.steps):
        node = _step_node_id(i)
        if node not in from_start:
            if step.id:
                hint = f"add a branch with goto: {step.id} to a decision, or change the previous decision"
            else:
                hint = "give this step an id and add a branch with goto: <that id> to a decision, or change the previous decision"
            problems.append((("steps", i), "cannot be reached from the start: no step or branch leads to it", hint))
        elif node not in to_end:
            stuck.append(i)
    decisions = [i for i in stuck if procedure.steps[i].kind is StepKind.decision]
    for i in decisions:
        problems.append((
            ("steps", i, "branches"),
            "never leads to the end: every branch goes back to an earlier step, so the work can never finish",
            "let one branch go on, e.g. goto: next or goto: end",
        ))
    if stuck and not decisions:
        i = stuck[0]
        problems.append((("steps", i), "never leads to the end: the work stops or goes round in a circle here",
                         "make the last step lead to the end, e.g. a branch with goto: end"))
    problems.sort(key=lambda p: p[0][1])
    return problems


