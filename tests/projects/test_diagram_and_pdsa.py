"""Driver diagrams as a network, drawn readably; PDSA cycles in ramps."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qijourney.projects import diagram, selectors, services
from qijourney.projects.models import PDSACycle


def test_a_secondary_driver_may_serve_two_primary_drivers(project_a, nurse_a):
    aim = services.add_driver_node(actor=nurse_a, project=project_a, level=0, text="Fewer falls")
    p1 = services.add_driver_node(
        actor=nurse_a, project=project_a, level=1, text="Reliable care", parents=[aim]
    )
    p2 = services.add_driver_node(
        actor=nurse_a, project=project_a, level=1, text="Staff", parents=[aim]
    )
    shared = services.add_driver_node(
        actor=nurse_a, project=project_a, level=2, text="Safety huddle", parents=[p1, p2]
    )
    assert set(shared.parents.all()) == {p1, p2}
    nodes = selectors.diagram_nodes(project_a)
    drawing = diagram.svg(nodes, "Driver diagram")
    assert drawing.count("<rect") == 4 and drawing.count("<path") == 4  # 2 + 2 links
    assert "Safety huddle" in drawing and 'role="img"' in drawing
    outline = diagram.outline(nodes)
    assert outline[-1] == (2, "Safety huddle", ["Reliable care", "Staff"])


def test_links_go_only_to_the_column_before(project_a, nurse_a):
    aim = services.add_driver_node(actor=nurse_a, project=project_a, level=0, text="Aim")
    with pytest.raises(ValidationError):
        services.add_driver_node(
            actor=nurse_a, project=project_a, level=2, text="Skips", parents=[aim]
        )
    with pytest.raises(ValidationError):
        services.add_driver_node(actor=nurse_a, project=project_a, level=1, text="Orphan")


def test_layout_keeps_children_near_their_parents():
    nodes = [
        diagram.Node(1, 0, "Aim"),
        diagram.Node(2, 1, "B", [1]),
        diagram.Node(3, 1, "A", [1]),
        diagram.Node(4, 2, "under A", [3]),
        diagram.Node(5, 2, "under B", [2]),
    ]
    placed = diagram.layout(nodes)
    assert placed[5].y < placed[4].y  # B (id 2) is placed first, so its child is too


def test_text_is_escaped_in_the_drawing():
    drawing = diagram.svg([diagram.Node(1, 0, "<script>alert(1)</script>")], "t")
    assert "<script>" not in drawing and "&lt;script&gt;" in drawing


def test_pdsa_cycle_links_to_change_idea_and_measures(project_a, nurse_a):
    from tests.factories import MeasureFactory

    aim = services.add_driver_node(actor=nurse_a, project=project_a, level=0, text="Aim")
    primary = services.add_driver_node(
        actor=nurse_a, project=project_a, level=1, text="P", parents=[aim]
    )
    secondary = services.add_driver_node(
        actor=nurse_a, project=project_a, level=2, text="S", parents=[primary]
    )
    idea = services.add_driver_node(
        actor=nurse_a, project=project_a, level=3, text="Huddle", parents=[secondary]
    )
    measure = MeasureFactory(project=project_a)
    cycle = services.save_pdsa(
        actor=nurse_a,
        project=project_a,
        measures=[measure],
        fields={
            "ramp": "Huddles",
            "number": 1,
            "title": "Try one huddle",
            "change_idea": idea,
            "start_date": dt.date(2025, 3, 1),
            "predictions": "Five minutes is enough",
            "decision": PDSACycle.Decision.ADAPT,
        },
    )
    assert list(cycle.measures.all()) == [measure]
    assert list(measure.pdsa_cycles.all()) == [cycle]
    assert idea.pdsa_cycles.get() == cycle


def test_edit_a_box_and_its_links(project_a, nurse_a, client):
    from tests.factories import PASSWORD

    aim = services.add_driver_node(actor=nurse_a, project=project_a, level=0, text="Aim")
    p1 = services.add_driver_node(
        actor=nurse_a, project=project_a, level=1, text="One", parents=[aim]
    )
    services.add_driver_node(actor=nurse_a, project=project_a, level=1, text="Two", parents=[aim])
    child = services.add_driver_node(
        actor=nurse_a, project=project_a, level=2, text="Kid", parents=[p1]
    )
    client.login(username=nurse_a.email, password=PASSWORD)
    two = project_a.driver_nodes.get(text="Two")
    response = client.post(
        f"/projects/{project_a.pk}/driver-diagram/{child.pk}/",
        {"level": 2, "text": "Kid, renamed", "parents": [p1.pk, two.pk]},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.text == "Kid, renamed" and set(child.parents.all()) == {p1, two}
