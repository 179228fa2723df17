-- One row per project per department-year (from the 项目支出表; the primary document of a filing
-- wins when several forms print it).
select
    project_id,
    arg_max(project_code, is_primary) as project_code,
    arg_max(printed_name, is_primary) as project_name,
    arg_max(nullif(project_type, ''), is_primary) as project_type,
    any_value(department_id) as department_id,
    any_value(fiscal_year) as fiscal_year,
    any_value(project_series_id) as project_series_id,
    any_value(series_key) as series_name
from {{ ref('int_projects') }}
group by project_id
