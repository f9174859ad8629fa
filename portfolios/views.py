"""Pages of portfolios: the generic hierarchy pages configured for the top level."""

from django.utils.translation import gettext_lazy as _

from pmis.core.node_views import PROJECT_COUNT, ChildSection, Count, NodeLevel
from programs.selectors import program_list
from programs.views import PROGRAM

from .forms import PortfolioForm
from .models import Portfolio
from .selectors import portfolio_get, portfolio_list
from .services import portfolio_create, portfolio_delete, portfolio_update


def _programs(user, portfolio):
    return program_list(user).filter(portfolio=portfolio)


PORTFOLIO = NodeLevel(
    kind="portfolio",
    plural="portfolios",
    model=Portfolio,
    list_selector=portfolio_list,
    get_selector=portfolio_get,
    create=portfolio_create,
    update=portfolio_update,
    delete=portfolio_delete,
    form_class=PortfolioForm,
    counts=(Count("program_count", _("Programs")), PROJECT_COUNT),
    children=(
        ChildSection(
            title=_("Programs"),
            level=lambda: PROGRAM,
            rows=_programs,
            add_param="portfolio",
            add_label=_("Add program"),
            empty=_("No programs in this portfolio yet."),
        ),
    ),
    icon="collection",
)
