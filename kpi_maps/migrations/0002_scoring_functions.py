"""The achievement rules in SQL, so dashboards score thousands of indicators in the database.

They mirror kpi_maps/scoring.py line by line (tests/kpi_maps/test_scoring_properties.py checks that the two agree
on random inputs). IMMUTABLE SQL functions: the planner inlines them into the queries that call them. Also the
default rule set.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION kpi_higher(plan numeric, fact numeric, formula text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN formula = 'ratio' AND plan > 0 AND fact >= 0 THEN fact / plan
        WHEN fact >= plan THEN 1::numeric ELSE 0::numeric
    END
$$;

CREATE OR REPLACE FUNCTION kpi_lower(plan numeric, fact numeric, formula text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN formula = 'ratio' AND plan >= 0 AND fact > 0 THEN plan / fact
        WHEN formula = 'ratio' AND plan > 0 AND fact <= 0 THEN 'Infinity'::numeric
        WHEN fact <= plan THEN 1::numeric ELSE 0::numeric
    END
$$;

CREATE OR REPLACE FUNCTION kpi_achievement(
    direction text, plan numeric, plan_high numeric, fact numeric,
    higher_formula text, lower_formula text, cap numeric
) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN plan IS NULL OR fact IS NULL THEN NULL ELSE round(least(cap, CASE
        WHEN direction = 'range' THEN CASE
            WHEN fact >= plan AND fact <= coalesce(plan_high, plan) THEN 1::numeric
            WHEN fact < plan THEN kpi_higher(plan, fact, 'ratio')
            ELSE kpi_lower(coalesce(plan_high, plan), fact, 'ratio')
        END
        WHEN direction = 'lower' THEN kpi_lower(plan, fact, lower_formula)
        ELSE kpi_higher(plan, fact, higher_formula)
    END), 4) END
$$;

CREATE OR REPLACE FUNCTION kpi_colour(achievement numeric, green numeric, amber numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN achievement IS NULL THEN 'grey'
        WHEN achievement >= green THEN 'green'
        WHEN achievement >= amber THEN 'amber'
        ELSE 'red'
    END
$$;

CREATE OR REPLACE FUNCTION kpi_period_time(year integer, quarter integer) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN quarter > 0 THEN (year - 1)::numeric + quarter::numeric / 4 ELSE year::numeric END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS kpi_period_time(integer, integer);
DROP FUNCTION IF EXISTS kpi_colour(numeric, numeric, numeric);
DROP FUNCTION IF EXISTS kpi_achievement(text, numeric, numeric, numeric, text, text, numeric);
DROP FUNCTION IF EXISTS kpi_lower(numeric, numeric, text);
DROP FUNCTION IF EXISTS kpi_higher(numeric, numeric, text);
"""


def default_rule_set(apps, schema_editor):
    RuleSet = apps.get_model("kpi_maps", "RuleSet")
    RuleSet.objects.get_or_create(
        portfolio=None,
        defaults={
            "name_en": "PMIS default rules (not an official methodology)",
            "name_ru": "Правила PMIS по умолчанию (не официальная методика)",
            "name_kk": "PMIS әдепкі ережелері (ресми әдістеме емес)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("kpi_maps", "0001_indicators")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP),
        migrations.RunPython(default_rule_set, migrations.RunPython.noop),
    ]
