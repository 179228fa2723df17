-- The 合计 row of a document's function table, chosen here and nowhere else: one row per document ×
-- scope. `all_funds`: the table the facts come from (int_function_items_selected: the 部门支出表,
-- else the 一般公共预算支出表). `general_public`: the 一般公共预算支出表 where the document prints
-- one (the 基本支出表 and 项目支出表 are 一般公共预算 tables), else the facts' table.
{%- set columns = ['document_id', 'table_no', 'row_no', 'table_kind', 'table_title', 'source_location',
                   'amount_total', 'amount_basic', 'amount_project', 'amount_project_general', 'amount_project_special',
                   'amount_wages_benefits', 'amount_household_transfers', 'amount_goods_services', 'amount_capital'] %}
with facts_table_total as (
    select {{ columns | join(', ') }}
    from {{ ref('int_function_items_selected') }}
    where item_role = 'total'
    qualify row_number() over (partition by document_id order by row_no) = 1
),

general_public_total as (
    select {{ columns | join(', ') }}
    from {{ ref('int_line_items_pivoted') }}
    where table_kind = 'general_public_expenditure' and item_role = 'total'
    qualify row_number() over (partition by document_id order by table_no, row_no) = 1
)

select 'all_funds' as scope, * from facts_table_total
union all
select 'general_public', * from general_public_total
union all
select 'general_public', * from facts_table_total
where document_id not in (select document_id from general_public_total)
