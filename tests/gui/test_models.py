"""The item models pass pytest-qt's model tester on real bounces."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.core.analyze import analyse_path
from inspector.ui import reference_access
from inspector.ui.models.items import ItemsModel, OpenedItem
from inspector.ui.models.part_tree import PartTreeModel
from inspector.ui.widgets.reference_panel import ResultsModel


@pytest.mark.parametrize("name", ["eml/lhost-postfix-01.eml", "eml/lhost-exim-02.eml", "eml/arf-01.eml"])
def test_part_tree_model(qtmodeltester, corpus: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    [a] = analyse_path(corpus / name)
    model = PartTreeModel()
    model.set_analysis(a)
    qtmodeltester.check(model)
    assert model.node_count() >= len(a.root.walk())
    model.set_analysis(None)
    qtmodeltester.check(model)


def test_items_model(qtmodeltester, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    path = str(corpus / "mbox" / "mbox-0")
    model.add([OpenedItem(a, path) for a in analyse_path(path)])
    qtmodeltester.check(model)
    assert len(model.siblings_of(3)) == model.rowCount()
    model.remove(0)
    qtmodeltester.check(model)


def test_reference_results_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ResultsModel()
    model.set_hits(reference_access.search("mailbox"))
    assert model.rowCount() > 3
    qtmodeltester.check(model)
