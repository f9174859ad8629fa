"""Pages of portfolios: portfolio-list, -detail, -create, -edit, -delete under /portfolios/."""

from .views import PORTFOLIO

urlpatterns = PORTFOLIO.urlpatterns()
