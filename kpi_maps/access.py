"""Who may read a whole subtree's monitoring: the goal map, the dashboard and the ratings of a node.

A node is visible as context to everyone who works below it (pmis.core.authorization), but a page that shows
the indicators, figures and people of the whole subtree opens only for those whose view reaches the node itself:
the curator of the portfolio, the Office, the program's project office, a read-only observer of the Office.
"""

from __future__ import annotations

from django.http import Http404

from pmis.core import authorization
from pmis.core.grants import grants_of


def may_read_subtree(user, node) -> bool:
    """Does `user` see `node` and everything under it (not only as context of their own work below)?"""
    if not authorization.can(user, authorization.VIEW, node):
        return False
    return grants_of(user).allows(authorization.VIEW, node.path)


def subtree_or_404(user, node):
    """The node, when `user` may read its whole subtree; 404 otherwise (hidden and missing look the same)."""
    if node is None or not may_read_subtree(user, node):
        raise Http404
    return node
