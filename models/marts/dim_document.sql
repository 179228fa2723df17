with documents as (
    select * from {{ ref('int_documents_filed') }}
)

select
    document_id,
    source_path,
    source_format,
    status,
    status_reason,
    filing_id,
    is_primary,
    admin_level,
    region_code,
    province,
    city,
    district,
    department_id,
    department_name,
    fiscal_year,
    document_kind,
    budget_scope,
    amount_units,
    table_count,
    row_count,
    figures_printed,
    figures_landed,
    figures_reported
from documents
