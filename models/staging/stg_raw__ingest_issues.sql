with source as (
    select * from {{ source('raw', 'ingest_issues') }}
),

renamed as (
    select
        document_id,
        source_path,
        rule_id,
        severity,
        table_no,
        row_no,
        col_no,
        line_no,
        page_no,
        message
    from source
)

select * from renamed
