"""Properties of the achievement rules and the roll-up (kpi_maps.scoring, the SQL functions, selectors.scores).

Hypothesis draws the inputs; the achievement is checked in Python, then against the SQL function on the same
inputs (one query per example set), and the roll-up on small random decompositions stored in the database.
"""

from decimal import Decimal as D

import pytest
from django.db import connection
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpi_maps.choices import Direction, Formula
from kpi_maps.models import Indicator
from kpi_maps.scoring import Rules, achievement
from kpi_maps.selectors.scores import scores
from tests.factories import make_tree
from tests.factories_kpi import fact, link, make_indicator, plan

DIRECTIONS = [Direction.HIGHER, Direction.LOWER, Direction.RANGE]
FORMULAS = [Formula.RATIO, Formula.MET]

#: Figures of a DecimalField(20, 4): wide for the bounds and the SQL comparison.
figure = st.decimals(
    min_value=D("-1000000"), max_value=D("1000000"), places=4, allow_nan=False, allow_infinity=False
)
#: Figures of two decimals up to 100: a fact strictly off the plan stays visibly below 1 after rounding to 4 places.
small = st.decimals(min_value=D("-100"), max_value=D("100"), places=2, allow_nan=False, allow_infinity=False)
rules_st = st.builds(
    Rules,
    higher_formula=st.sampled_from(FORMULAS),
    lower_formula=st.sampled_from(FORMULAS),
    cap=st.decimals(min_value=D("1.00"), max_value=D("2.00"), places=2),
)


@given(direction=st.sampled_from(DIRECTIONS), plan_=figure, fact_=figure, extra=figure, rules=rules_st)
def test_achievement_lies_between_0_and_the_cap(direction, plan_, fact_, extra, rules):
    high = max(plan_, extra) if direction == Direction.RANGE else None
    value = achievement(direction, plan_, fact_, rules, plan_high=high)
    assert D(0) <= value <= rules.cap


@given(direction=st.sampled_from(DIRECTIONS), plan_=figure, extra=figure, rules=rules_st)
def test_achievement_is_1_when_the_fact_meets_the_plan(direction, plan_, extra, rules):
    high = max(plan_, extra) if direction == Direction.RANGE else None
    assert achievement(direction, plan_, plan_, rules, plan_high=high) == 1


@given(plan_=figure, first=figure, second=figure, rules=rules_st)
def test_higher_is_better_never_falls_as_the_fact_rises(plan_, first, second, rules):
    low, high = sorted((first, second))
    assert achievement(Direction.HIGHER, plan_, low, rules) <= achievement(
        Direction.HIGHER, plan_, high, rules
    )


@given(plan_=figure, first=figure, second=figure, rules=rules_st)
def test_lower_is_better_never_rises_as_the_fact_rises(plan_, first, second, rules):
    low, high = sorted((first, second))
    assert achievement(Direction.LOWER, plan_, low, rules) >= achievement(Direction.LOWER, plan_, high, rules)


def test_lower_is_better_at_a_zero_fact_scores_the_cap():
    """Found by Hypothesis: at a cap above 1 a zero fact once fell back to "met" (1) while 0.0001 scored the cap."""
    rules = Rules(cap=D("1.20"))
    assert achievement(Direction.LOWER, D("2"), D("0"), rules) == D("1.2000")
    assert achievement(Direction.LOWER, D("2"), D("0.0001"), rules) == D("1.2000")
    assert achievement(Direction.LOWER, D("0"), D("0"), rules) == 1  # a zero plan met exactly


@given(bounds=st.tuples(small, small), fact_=small)
def test_a_range_is_1_inside_and_below_1_strictly_outside(bounds, fact_):
    low, high = sorted(bounds)
    value = achievement(Direction.RANGE, low, fact_, plan_high=high)
    if low <= fact_ <= high:
        assert value == 1
    else:
        assert value < 1


@given(bounds=st.tuples(small, small), first=small, second=small)
def test_a_range_falls_away_from_it_on_both_sides(bounds, first, second):
    low, high = sorted(bounds)
    a, b = sorted((first, second))
    if b <= low:  # both below: nearer is better
        assert achievement(Direction.RANGE, low, a, plan_high=high) <= achievement(
            Direction.RANGE, low, b, plan_high=high
        )
    if a >= high:  # both above: nearer is better
        assert achievement(Direction.RANGE, low, a, plan_high=high) >= achievement(
            Direction.RANGE, low, b, plan_high=high
        )


case = st.tuples(
    st.sampled_from(DIRECTIONS),
    figure,
    st.one_of(st.none(), figure),
    st.one_of(st.none(), figure),
    st.sampled_from(FORMULAS),
    st.sampled_from(FORMULAS),
    st.decimals(min_value=D("0.50"), max_value=D("2.00"), places=2),
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(case, min_size=1, max_size=40))
def test_python_and_sql_agree(cases):
    rows = []
    for direction, plan_, extra, fact_, higher, lower, cap in cases:
        high = None if extra is None or direction != Direction.RANGE else max(plan_, extra)
        rows.append((str(direction), plan_, high, fact_, str(higher), str(lower), cap))
    values = ", ".join(["(%s, %s::numeric, %s::numeric, %s::numeric, %s, %s, %s::numeric)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kpi_achievement(d, p, h, f, hf, lf, c) FROM (VALUES {values}) AS t(d, p, h, f, hf, lf, c)",
            [item for row in rows for item in row],
        )
        from_sql = [value for (value,) in cursor.fetchall()]
    from_python = [
        achievement(d, p, f, Rules(higher_formula=hf, lower_formula=lf, cap=c), plan_high=h)
        for d, p, h, f, hf, lf, c in rows
    ]
    assert from_sql == from_python


# --- roll-up -----------------------------------------------------------------------------------------------

#: A leaf: its share in its parent (1–50 %) and its fact against a plan of 100 (None: no fact this period).
leaf = st.tuples(st.integers(1, 50), st.one_of(st.none(), st.integers(0, 150)))
#: A child of the root: its share and either a fact of its own (a leaf) or 1–3 leaves of its own.
child = st.tuples(st.integers(1, 50), st.one_of(st.integers(0, 150), st.lists(leaf, min_size=1, max_size=3)))
tree_st = st.lists(child, min_size=1, max_size=4)


@pytest.fixture
def nodes(db):
    return make_tree(projects=1)


class Builder:
    """Indicators of one example under the portfolio, removed again at its end."""

    def __init__(self, tree):
        self.tree, self.made, self.count = tree, [], 0

    def indicator(self, node, value=None):
        self.count += 1
        indicator = make_indicator(node, f"H-{id(self)}-{self.count}")
        self.made.append(indicator.pk)
        plan(indicator, 2025, 100)
        if value is not None:
            fact(indicator, 2025, value)
        return indicator

    def build(self, shape, factor=1):
        """The root and the achievements of the leaves with a fact (the ends of its decomposition)."""
        root = self.indicator(self.tree["portfolio"])
        ends = []
        for share, below in shape:
            if isinstance(below, int):
                middle = self.indicator(self.tree["projects"][0], below)
                ends.append(min(D(below) / 100, D(1)))
            else:
                middle = self.indicator(self.tree["program"])
                for leaf_share, value in below:
                    end = self.indicator(self.tree["projects"][0], value)
                    link(middle, end, leaf_share)
                    if value is not None:
                        ends.append(min(D(value) / 100, D(1)))
            link(root, middle, share * factor)
        return root, ends

    def rolled(self, root):
        return scores(self.tree["portfolio"].path, 2025, 0, Rules(), ids=[root.pk])[root.pk].rolled

    def clean(self):
        Indicator.objects.filter(pk__in=self.made).delete()
        self.made = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=tree_st)
def test_the_roll_up_lies_between_its_contributors(nodes, shape):
    builder = Builder(nodes)
    try:
        root, ends = builder.build(shape)
        rolled = builder.rolled(root)
        if not ends:
            assert rolled is None
        else:
            assert min(ends) <= rolled <= max(ends)
    finally:
        builder.clean()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    depth=st.integers(1, 4),
    shares=st.lists(st.integers(1, 100), min_size=4, max_size=4),
    value=st.integers(0, 150),
)
def test_a_single_chain_rolls_up_its_only_contributor(nodes, depth, shares, value):
    builder = Builder(nodes)
    try:
        root = builder.indicator(nodes["portfolio"])
        upper = root
        for level in range(depth):
            last = level == depth - 1
            lower = builder.indicator(
                nodes["projects"][0] if last else nodes["program"], value if last else None
            )
            link(upper, lower, shares[level])
            upper = lower
        assert builder.rolled(root) == achievement(Direction.HIGHER, D(100), D(value))
    finally:
        builder.clean()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=tree_st)
def test_scaling_the_shares_of_one_parent_changes_nothing(nodes, shape):
    assume(
        any(
            value is not None
            for _share, below in shape
            for value in ([below] if isinstance(below, int) else [v for _s, v in below])
        )
    )
    builder = Builder(nodes)
    try:
        root, _ends = builder.build(shape)
        once = builder.rolled(root)
        builder.clean()
        root, _ends = builder.build(shape, factor=2)
        assert builder.rolled(root) == once
    finally:
        builder.clean()
