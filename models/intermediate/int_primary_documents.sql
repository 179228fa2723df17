-- One row per primary document (the one document per body × year × kind that feeds comparisons),
-- with its department's lineage, level and district.
select
    documents.document_id,
    documents.department_id,
    documents.department_name,
    documents.admin_level,
    documents.district,
    documents.fiscal_year,
    documents.document_kind,
    documents.document_phase as phase,
    departments.lineage_id
from {{ ref('int_documents_filed') }} as documents
inner join {{ ref('int_department_lineage_groups') }} as departments using (department_id)
where documents.is_primary
