with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
    where table_kind = 'project_expenditure' and item_role = 'detail'
)

select
    document_id,
    substr(sha256(concat(department_id, '|', fiscal_year, '|', regexp_replace(printed_name, '\s', '', 'g'))), 1, 16) as project_id,
    cast(null as varchar) as project_code,
    printed_name as project_name,
    nullif(project_type, '') as project_type,
    nullif(project_unit, '') as project_unit,
    department_id,
    fiscal_year,
    document_phase as phase,
    amount,
    amount_unit as printed_unit,
    table_no,
    row_no,
    block_no,
    line_no,
    source_location
from lines
