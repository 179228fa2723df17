-- One row per project row of a 项目支出表, with its project_id (department + year + name), the
-- code the 项目绩效目标表 prints beside the same name, and its series across years.
with rows as (
    select * from {{ ref('int_line_items_pivoted') }}
    where table_kind = 'project_expenditure' and item_role = 'detail'
),

documents as (
    select document_id, is_primary from {{ ref('int_documents_filed') }}
)

select
    rows.document_id,
    rows.department_id,
    rows.fiscal_year,
    rows.document_phase,
    rows.printed_name,
    rows.project_type,
    rows.project_unit,
    rows.amount,
    rows.amount_general_public,
    rows.amount_fiscal_grant,
    rows.amount_gov_fund,
    rows.amount_soe,
    rows.amount_unit,
    rows.table_no,
    rows.row_no,
    rows.block_no,
    rows.line_no,
    rows.source_location,
    rows.name_key,
    rows.series_key,
    documents.is_primary,
    substr(sha256(concat(rows.department_id, '|', rows.fiscal_year, '|', rows.name_key)), 1, 16) as project_id,
    codes.project_code,
    substr(sha256(concat(lineage.lineage_id, '|', rows.series_key)), 1, 16) as project_series_id
from rows
inner join documents using (document_id)
left join {{ ref('int_project_codes') }} as codes using (document_id, name_key)
left join {{ ref('int_department_lineage_groups') }} as lineage using (department_id)
