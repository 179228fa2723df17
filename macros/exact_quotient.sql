{#- multiplier × part / whole, rounded half up to `decimals` places (at most 6), exactly: DuckDB
    divides decimals in DOUBLE, which can turn 38.45 into 38.4499…, so this divides integers of
    millionths. NULL when whole is NULL or 0. `exact_percent` and `exact_ratio` are its two uses. -#}
{% macro exact_quotient(part, whole, decimals, multiplier=1) -%}
    case when {{ whole }} is not null and {{ whole }} <> 0 and {{ part }} is not null then
        cast(
            cast(
                sign({{ part }}) * sign({{ whole }})
                * ((2 * abs(cast({{ part }} * 1000000 as hugeint)) * {{ multiplier }} * cast(pow(10, {{ decimals }}) as hugeint)
                    + abs(cast({{ whole }} * 1000000 as hugeint)))
                   // (2 * abs(cast({{ whole }} * 1000000 as hugeint))))
                as decimal(38, 0)
            ) * cast(pow(10, -({{ decimals }})) as decimal(20, 6))
            as decimal(20, 6)
        )
    end
{%- endmacro %}

{#- 100 × part / whole at the precision a percent is printed with. -#}
{% macro exact_percent(part, whole, decimals) -%}
    {{ exact_quotient(part, whole, decimals, 100) }}
{%- endmacro %}

{#- part / whole to 6 places (1.000000 = 100%). -#}
{% macro exact_ratio(part, whole) -%}
    {{ exact_quotient(part, whole, 6) }}
{%- endmacro %}
