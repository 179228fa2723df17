{#- 100 × part / whole rounded half up to `decimals` places, exactly (DuckDB divides decimals in
    DOUBLE, which can turn 38.45 into 38.4499…): integer arithmetic on millionths. -#}
{% macro exact_percent(part, whole, decimals) -%}
    cast(
        cast(
            sign({{ part }}) * sign({{ whole }})
            * ((2 * abs(cast({{ part }} * 1000000 as hugeint)) * 100 * cast(pow(10, {{ decimals }}) as hugeint)
                + abs(cast({{ whole }} * 1000000 as hugeint)))
               // (2 * abs(cast({{ whole }} * 1000000 as hugeint))))
            as decimal(38, 0)
        ) * cast(pow(10, -{{ decimals }}) as decimal(20, 6))
        as decimal(20, 6)
    )
{%- endmacro %}
