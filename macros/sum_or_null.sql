{#- a + b (+ …) where any is printed, NULL when all are blank (a blank is not a zero). -#}
{% macro sum_or_null() -%}
    cast(case when {{ varargs | join(' is null and ') }} is null then null
        else {% for term in varargs %}coalesce({{ term }}, 0){{ ' + ' if not loop.last }}{% endfor %} end as decimal(20, 6))
{%- endmacro %}
