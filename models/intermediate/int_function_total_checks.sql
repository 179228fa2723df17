-- The function table's printed 合计 row against the sum of the lines it prints, per column
-- (severity and tolerance: seeds/dq_rules.csv, applied in dq_discrepancies).
{%- set columns = ['amount_total', 'amount_basic', 'amount_project'] %}
with lines as (
    select * from {{ ref('int_function_items_selected') }}
),

printed_total as (
    select *
    from lines
    where item_role = 'total'
    qualify row_number() over (partition by document_id order by row_no) = 1
),

summed as (
    select
        document_id,
        count(*) as lines_summed,
        {%- for c in columns %}
        sum({{ c }}) as {{ c }}{{ ',' if not loop.last }}
        {%- endfor %}
    from lines
    where item_role = 'detail' and not is_subtotal
    group by document_id
),

checks as (
    {%- for c in columns %}
    select
        printed_total.document_id,
        '{{ c }}' as checked_column,
        printed_total.{{ c }} as expected,
        summed.{{ c }} as observed,
        summed.lines_summed,
        printed_total.source_location,
        printed_total.table_title
    from printed_total
    inner join summed using (document_id)
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    document_id,
    'function_lines_sum_to_total' as rule_id,
    expected,
    observed,
    lines_summed as terms,
    source_location as location,
    concat('"', table_title, '" 合计 of ', checked_column, ' vs its ', lines_summed, ' lines') as subject
from checks
