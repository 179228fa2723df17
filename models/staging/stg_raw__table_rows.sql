with source as (
    select * from {{ source('raw', 'table_rows') }}
),

renamed as (
    select
        document_id,
        table_no,
        row_no,
        line_no,
        page_no,
        is_header,
        cells,
        printed_text
    from source
)

select * from renamed
