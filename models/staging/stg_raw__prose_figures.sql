with source as (
    select * from {{ source('raw', 'prose_figures') }}
),

renamed as (
    select
        document_id,
        figure,
        cast(amount as decimal(20, 6)) as amount,
        decimals_printed,
        line_no,
        sentence,
        phase as stated_phase,
        cast(percent as decimal(20, 6)) as percent,
        percent_decimals,
        subject,
        unit
    from source
)

select * from renamed
