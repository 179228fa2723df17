{#- part / whole rounded half up to 6 places, exactly (DuckDB divides decimals in DOUBLE). -#}
{% macro exact_ratio(part, whole) -%}
    case when {{ whole }} is not null and {{ whole }} <> 0 and {{ part }} is not null then
        cast(
            cast(
                sign({{ part }}) * sign({{ whole }})
                * ((2 * abs(cast({{ part }} * 1000000 as hugeint)) * 1000000 + abs(cast({{ whole }} * 1000000 as hugeint)))
                   // (2 * abs(cast({{ whole }} * 1000000 as hugeint))))
                as decimal(38, 0)
            ) * cast(0.000001 as decimal(20, 6))
            as decimal(20, 6)
        )
    end
{%- endmacro %}
