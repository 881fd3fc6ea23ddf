"""The organisation tree: who belongs where, and which provider owns each node."""

import pytest
from django.core.exceptions import ValidationError

from qijourney.organisations.models import Organisation
from qijourney.organisations.services import create_organisation


def test_every_node_knows_its_provider(tree_a):
    assert tree_a.provider.provider == tree_a.provider
    assert tree_a.directorate.provider == tree_a.provider
    assert tree_a.ward.provider == tree_a.provider


def test_a_system_has_no_provider(db):
    system = Organisation.objects.create(name="ICS", kind=Organisation.Kind.SYSTEM)
    assert system.provider is None


def test_tree_shape_is_checked(tree_a):
    wrong = Organisation(
        name="Ward under ward", kind=Organisation.Kind.DIRECTORATE, parent=tree_a.ward
    )
    with pytest.raises(ValidationError, match="cannot sit under team"):
        wrong.full_clean(exclude=["provider"])


def test_new_organisation_gets_the_ihi_scale_and_an_audit_record(db):
    from qijourney.audit.models import AuditEvent

    organisation = create_organisation(
        actor=None, name="New Trust", kind=Organisation.Kind.ORGANISATION
    )
    scores = list(organisation.progress_levels.values_list("score", flat=True))
    assert [str(s) for s in scores[:2]] == ["0.5", "1.0"] and len(scores) == 10
    assert AuditEvent.objects.filter(subject_id=str(organisation.pk), action="create").exists()
