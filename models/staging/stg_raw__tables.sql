with source as (
    select * from {{ source('raw', 'tables') }}
),

renamed as (
    select
        document_id,
        table_no,
        table_kind,
        table_family,
        title as table_title,
        title_line,
        page_no,
        unit as amount_unit,
        header_rows,
        header_method,
        row_count,
        notes
    from source
)

select * from renamed
