"""API representation of portfolios of national priorities."""

from pmis.core.api.fields import body_ref_field
from pmis.core.api.serializers import NodeSerializer, count_field

from ..models import Portfolio


class PortfolioSerializer(NodeSerializer):
    """A portfolio of a national priority (Rules p.2(19)), with how many programs and projects it holds."""

    # A portfolio is a root: there is no parent to take the owning body from.
    owner_body = body_ref_field()
    program_count = count_field()
    project_count = count_field()
    active_project_count = count_field()

    class Meta(NodeSerializer.Meta):
        model = Portfolio
        fields = (*NodeSerializer.Meta.fields, "program_count", "project_count", "active_project_count")
