{#- a + b where either is printed, NULL when both are blank (a blank is not a zero). -#}
{% macro sum_or_null(a, b) -%}
    cast(case when {{ a }} is null and {{ b }} is null then null else coalesce({{ a }}, 0) + coalesce({{ b }}, 0) end as decimal(20, 6))
{%- endmacro %}
