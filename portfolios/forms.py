"""The create/edit form of a portfolio."""

from pmis.core.node_forms import NodeForm, node_form_fields

from .models import Portfolio


class PortfolioForm(NodeForm):
    """A portfolio is a root of the hierarchy: only the shared node fields."""

    class Meta(NodeForm.Meta):
        model = Portfolio
        fields = node_form_fields()
