with lines as (
    select * from {{ ref('int_projects') }}
)

select
    document_id,
    project_id,
    project_code,
    printed_name as project_name,
    nullif(project_type, '') as project_type,
    nullif(project_unit, '') as project_unit,
    department_id,
    fiscal_year,
    document_phase as phase,
    amount,
    amount_general_public,
    amount_fiscal_grant,
    amount_gov_fund,
    amount_soe,
    amount_unit as printed_unit,
    table_no,
    row_no,
    block_no,
    line_no,
    source_location
from lines
