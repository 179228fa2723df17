with source as (
    select * from {{ source('raw', 'line_item_values') }}
),

renamed as (
    select
        document_id,
        table_no,
        row_no,
        block_no,
        field,
        printed_text,
        col_no,
        cast(amount as decimal(20, 6)) as amount_printed_unit
    from source
)

select * from renamed
