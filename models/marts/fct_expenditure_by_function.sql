with lines as (
    select * from {{ ref('int_function_items_selected') }}
    where item_role = 'detail' and not is_subtotal
)

select
    document_id,
    department_id,
    unit_code,
    fiscal_year,
    document_phase as phase,
    table_kind as source_table,
    table_title as source_table_title,
    code as function_code,
    printed_code,
    printed_name as function_name,
    amount_total,
    amount_basic,
    coalesce(amount_personnel, {{ sum_or_null('amount_wages_benefits', 'amount_household_transfers') }}) as amount_personnel,
    coalesce(amount_public, {{ sum_or_null('amount_goods_services', 'amount_capital') }}) as amount_public,
    amount_project,
    amount_wages_benefits,
    amount_household_transfers,
    amount_goods_services,
    amount_capital,
    amount_project_general,
    amount_project_special,
    amount_project_operating,
    amount_project_targeted,
    amount_project_personnel,
    amount_project_other,
    amount_unit as printed_unit,
    table_no,
    row_no,
    block_no,
    line_no,
    source_location
from lines
