-- Budget units (预算单位, 6-digit codes) as printed in unit rows of any table.
with unit_rows as (
    select department_id, unit_code, printed_name, document_id, fiscal_year
    from {{ ref('int_line_items_pivoted') }}
    where item_role = 'unit' and length(unit_code) = 6 and department_id is not null
),

named as (
    select
        department_id,
        unit_code,
        -- the name printed most often, the most recent year breaking ties
        arg_max(printed_name, fiscal_year) filter (where printed_name is not null) as unit_name,
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year
    from unit_rows
    group by department_id, unit_code
)

select
    substr(sha256(concat(department_id, '|', unit_code)), 1, 16) as budget_unit_id,
    unit_code,
    unit_name,
    department_id,
    first_year,
    last_year
from named
