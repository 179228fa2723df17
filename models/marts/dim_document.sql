-- One row per file under SOURCES: every document read (or not), and every byte-identical copy of
-- one, with its original's metadata but no figures of its own (they are not loaded twice).
with documents as (
    select * from {{ ref('int_documents_filed') }}
),

duplicates as (
    select
        copies.document_id,
        copies.source_path,
        original.source_format,
        'duplicate' as status,
        concat('byte-identical copy of ', copies.duplicate_of, ': its facts are not loaded twice') as status_reason,
        original.filing_id,
        false as is_primary,
        original.admin_level,
        original.region_code,
        original.province,
        original.city,
        original.district,
        original.department_id,
        original.department_name,
        original.fiscal_year,
        original.document_kind,
        original.budget_scope,
        original.amount_units,
        0 as table_count,
        0 as row_count,
        0 as figures_printed,
        0 as figures_landed,
        0 as figures_reported
    from {{ ref('stg_raw__duplicate_files') }} as copies
    inner join documents as original on original.source_path = copies.duplicate_of
),

read_documents as (
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
)

select * from read_documents
union all
select * from duplicates
