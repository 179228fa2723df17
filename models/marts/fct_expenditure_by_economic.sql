with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
    where table_kind in ('basic_expenditure', 'economic_summary', 'operating_expenses')
      and item_role = 'detail'
      and (length(code) = 5 or code is null)
)

select
    document_id,
    department_id,
    unit_code,
    fiscal_year,
    document_phase as phase,
    case table_kind
        when 'basic_expenditure' then 'basic'
        when 'economic_summary' then 'all'
        when 'operating_expenses' then 'operating'
    end as scope,
    table_title as source_table_title,
    code as dept_economic_code,
    printed_code,
    printed_name as dept_economic_name,
    gov_code as gov_economic_code,
    gov_printed_code,
    gov_name as gov_economic_name,
    amount,
    coalesce(amount_personnel, case when block_label = '人员经费' then amount end) as amount_personnel,
    coalesce(amount_public, case when block_label = '公用经费' then amount end) as amount_public,
    amount_general_public,
    amount_fiscal_grant,
    amount_unit as printed_unit,
    table_no,
    row_no,
    block_no,
    line_no,
    source_location
from lines
