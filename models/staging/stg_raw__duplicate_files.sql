with source as (
    select * from {{ source('raw', 'duplicate_files') }}
),

renamed as (
    select
        document_id,
        source_path,
        duplicate_of
    from source
)

select * from renamed
