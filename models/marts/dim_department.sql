-- One row per department: district + the name normalised by the one function (ingest/names.py),
-- so every printed form of a name is one department; lineage_id links a department to its
-- predecessors and successors (seeds/department_lineage.csv).
with documents as (
    select * from {{ ref('int_documents_filed') }}
    where department_id is not null
),

departments as (
    select
        department_id,
        any_value(admin_level) as admin_level,
        any_value(province) as province,
        any_value(city) as city,
        any_value(district) as district,
        any_value(department_key) as department_name,
        arg_max(department_name, fiscal_year) as printed_name,
        list(distinct department_name order by department_name) as printed_names,
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year
    from documents
    group by department_id
),

unit_codes as (
    -- a 预算单位 code is the department code + a 3-digit serial (512 + 001)
    select department_id, left(unit_code, 3) as department_code
    from {{ ref('int_line_items_pivoted') }}
    where item_role = 'unit' and regexp_full_match(unit_code, '\d{3}|\d{6}')
),

department_codes as (
    select department_id, case when count(distinct department_code) = 1 then any_value(department_code) end as department_code
    from unit_codes
    group by department_id
)

select
    departments.department_id,
    departments.admin_level,
    departments.province,
    departments.city,
    departments.district,
    departments.department_name,
    departments.printed_name,
    departments.printed_names,
    department_codes.department_code,
    lineage.lineage_id,
    departments.first_year,
    departments.last_year
from departments
left join department_codes using (department_id)
inner join {{ ref('int_department_lineage_groups') }} as lineage using (department_id)
