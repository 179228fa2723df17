{#- Rows for which a SQL expression is not true (a local stand-in for dbt_utils). -#}
{% test expression_is_true(model, expression) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}
