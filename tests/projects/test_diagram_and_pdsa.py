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


def ticked(page: str, name: str) -> set[str]:
    """The values of the ticked checkboxes called ``name`` on a page."""
    import re

    boxes = re.findall(r"<input[^>]*>", page)
    return {
        re.search(r'value="([^"]*)"', box).group(1)
        for box in boxes
        if f'name="{name}"' in box and "checked" in box
    }


def test_a_box_saved_unchanged_keeps_every_link(client, project_a, nurse_a):
    from tests.factories import PASSWORD

    aim = services.add_driver_node(actor=nurse_a, project=project_a, level=0, text="Aim")
    p1, p2 = (
        services.add_driver_node(
            actor=nurse_a, project=project_a, level=1, text=text, parents=[aim]
        )
        for text in ("Reliable care", "Staff")
    )
    shared = services.add_driver_node(
        actor=nurse_a, project=project_a, level=2, text="Huddle", parents=[p1, p2]
    )
    client.login(username=nurse_a.email, password=PASSWORD)
    path = f"/projects/{project_a.pk}/driver-diagram/{shared.pk}/"
    shown = ticked(client.get(path).content.decode(), "parents")
    assert shown == {str(p1.pk), str(p2.pk)}
    response = client.post(path, {"text": "Huddle", "parents": sorted(shown)})
    assert response.status_code == 302
    assert set(shared.parents.all()) == {p1, p2}


def test_a_pdsa_cycle_saved_unchanged_keeps_its_measures(client, project_a, nurse_a):
    from tests.factories import PASSWORD, MeasureFactory

    falls, audits = MeasureFactory(project=project_a), MeasureFactory(project=project_a)
    cycle = services.save_pdsa(
        actor=nurse_a,
        project=project_a,
        fields={"ramp": "Ramp 1", "number": 1, "title": "Test", "start_date": dt.date(2026, 1, 5)},
        measures=[falls, audits],
    )
    client.login(username=nurse_a.email, password=PASSWORD)
    path = f"/projects/{project_a.pk}/pdsa/{cycle.pk}/edit/"
    shown = ticked(client.get(path).content.decode(), "measures")
    assert shown == {str(falls.pk), str(audits.pk)}
    form = {"ramp": "Ramp 1", "number": 1, "title": "Test", "start_date": "2026-01-05"}
    assert client.post(path, {**form, "measures": sorted(shown)}).status_code == 302
    assert set(cycle.measures.all()) == {falls, audits}


def test_a_pdsa_cycle_cannot_end_before_it_starts(client, project_a, nurse_a):
    from tests.factories import PASSWORD

    with pytest.raises(ValidationError):
        services.save_pdsa(
            actor=nurse_a,
            project=project_a,
            fields={
                "ramp": "R",
                "title": "T",
                "start_date": dt.date(2026, 2, 1),
                "end_date": dt.date(2026, 1, 1),
            },
        )
    client.login(username=nurse_a.email, password=PASSWORD)
    page = client.post(
        f"/projects/{project_a.pk}/pdsa/new/",
        {
            "ramp": "R",
            "number": 1,
            "title": "T",
            "start_date": "2026-02-01",
            "end_date": "2026-01-01",
        },
    )
    assert "The cycle cannot end before it starts" in page.content.decode()
    assert not PDSACycle.objects.exists()
