"""The fixture of the operational-plan tests and the layout of the official forms over it."""

from operational_plans.layout import ACTIVITY, SECTION, plan_lines


def test_plan_lines_follow_appendix_1(op, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        lines = plan_lines(op.plan, language="ru")
    assert [(line.kind, line.number) for line in lines] == [
        (SECTION, "I"),
        ("direction", "1"),
        ("macro", "1"),
        (ACTIVITY, "1"),
        ("goal", "1.1"),
        ("target", "1"),
        (ACTIVITY, "2"),
        (ACTIVITY, "3"),
        (SECTION, "II"),
        (ACTIVITY, "4"),
    ]
    assert lines[3].text == "Обучение служащих"
    assert lines[1].text == "Стратегическое направление 1. Цифровизация" or lines[1].text.endswith(
        "Цифровизация"
    )
    assert lines[9].term == "ежеквартально"


def test_pruned_lines_of_one_unit(op):
    lines = plan_lines(op.plan, activities=[op.a3], prune=True, language="kk")
    assert [line.kind for line in lines] == [SECTION, ACTIVITY]
    assert lines[1].text == "Әдістемелік жұмыс"
