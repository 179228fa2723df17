with source as (
    select * from {{ source('raw', 'line_items') }}
),

renamed as (
    select
        document_id,
        table_no,
        row_no,
        block_no,
        role as item_role,
        name as printed_name,
        printed_code,
        code,
        unit_code,
        row_key,
        block_label,
        gov_printed_code,
        gov_code,
        gov_name,
        project_type,
        project_unit,
        name_key,
        series_key
    from source
)

select * from renamed
