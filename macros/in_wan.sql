{#- An amount printed in `unit` (万元, 元, 千元), in 万元: exact decimal arithmetic; an unknown unit
    gives NULL, never 万元. The one conversion: the facts and the pipeline-fault test both use it. -#}
{% macro in_wan(amount, unit) -%}
    cast(
        case {{ unit }}
            when '元' then {{ amount }} * cast(0.0001 as decimal(5, 4))
            when '千元' then {{ amount }} * cast(0.1 as decimal(2, 1))
            when '万元' then {{ amount }}
        end as decimal(20, 6)
    )
{%- endmacro %}
