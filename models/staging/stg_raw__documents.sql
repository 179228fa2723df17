with source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        -- ids
        document_id,
        department_id,
        -- provenance
        source_path,
        source_format,
        status,
        status_reason,
        -- metadata read from the content
        admin_level,
        province,
        city,
        district,
        region_code,
        department_name,
        department_key,
        cast(fiscal_year as integer) as fiscal_year,
        document_kind,
        budget_scope,
        amount_units,
        table_count,
        row_count,
        figures_printed,
        figures_landed,
        figures_reported
    from source
)

select * from renamed
