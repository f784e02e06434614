"""The flowchart graph of a procedure, its labels wrapped for drawing (see :mod:`generator.flowchart`).

The graph itself — nodes, edges, reachability problems — is a question of the
model and lives in :mod:`generator.model.flow` (moved there by issue 22; its
names are still importable from here).
"""

from __future__ import annotations

import dataclasses

from generator.flowchart.labels import wrap_label
from generator.model.documents import Procedure
from generator.model.flow import (  # noqa: F401  (moved there, issue 22; still importable from here)
    END_WORDS, MAX_LABEL, Edge, Flowchart, Format, Node, NodeKind, _label_text, _reach, _s, _step_node_id, _targets,
    end_step_acts, flow_graph, flowchart_problems,
)


def flowchart_graph(procedure: Procedure, lang: str, *, wrap: bool = True) -> Flowchart:
    """Build the flowchart graph of ``procedure`` with labels in ``lang`` ("th" or "en").

    The graph of :func:`generator.model.flow.flow_graph` (one node per step
    plus the start and end terminals, the edges of the steps and branches),
    with each step's label wrapped at Thai word boundaries
    (:func:`generator.flowchart.labels.wrap_label`) into the node's ``lines``.
    ``wrap=False`` leaves each label on one line (no Thai segmentation: for
    checks of the graph's shape only).  Never raises for a validated procedure.
    """
    chart = flow_graph(procedure, lang)
    if not wrap:
        return chart
    nodes = tuple(dataclasses.replace(node, lines=tuple(wrap_label(node.label, node.kind)))
                  if node.step is not None else node for node in chart.nodes)
    return dataclasses.replace(chart, nodes=nodes)
