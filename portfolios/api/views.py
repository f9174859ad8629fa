"""API of portfolios of national priorities: ``/api/v1/portfolios/``."""

from pmis.core.api.viewsets import NodeViewSet

from .. import selectors, services
from ..models import Portfolio
from .filters import PortfolioFilter
from .serializers import PortfolioSerializer


class PortfolioViewSet(NodeViewSet):
    """Portfolios of national priorities (Rules p.2(19), p.27): the roots of the hierarchy."""

    model = Portfolio
    serializer_class = PortfolioSerializer
    filterset_class = PortfolioFilter
    list_selector = selectors.portfolio_list
    get_selector = selectors.portfolio_get
    create_service = services.portfolio_create
    update_service = services.portfolio_update
    delete_service = services.portfolio_delete
    service_arg = "portfolio"
