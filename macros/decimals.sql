{#- The decimals an exact amount needs (222.530000 -> 2, 21601733.000000 -> 0): a lower bound on
    the precision it was printed with. -#}
{% macro decimals(x) -%}
    coalesce(length(regexp_extract(cast({{ x }} as varchar), '\.(\d*[1-9])', 1)), 0)
{%- endmacro %}

{#- x rounded to d decimals (0 to 6), exactly: DuckDB rounds a DECIMAL only to a constant precision. -#}
{% macro round_to(x, d) -%}
    case {{ d }}{% for n in range(7) %} when {{ n }} then round({{ x }}, {{ n }}){% endfor %} end
{%- endmacro %}
