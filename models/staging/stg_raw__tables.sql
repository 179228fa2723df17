with source as (
    select * from {{ source('raw', 'tables') }}
),

renamed as (
    select
        document_id,
        table_no,
        table_kind,
        table_family,
        table_layout,
        title as table_title,
        title_line,
        page_no,
        unit as amount_unit,
        header_rows,
        header_method,
        row_count,
        notes,
        figures_printed,
        figures_landed
    from source
)

select * from renamed
