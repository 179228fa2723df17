-- Documents with their filing (district + department + year + kind) and which one is primary.
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

filed as (
    select
        *,
        case
            when department_id is not null and fiscal_year is not null and document_kind is not null
                then concat(department_id, '-', fiscal_year, '-', document_kind)
        end as filing_id,
        case document_kind when 'final_account' then 'actual' when 'budget' then 'budget' end as document_phase,
        case source_format when 'pdf' then 1 when 'markdown' then 2 when 'text' then 3 else 9 end as format_rank
    from documents
),

ranked as (
    select
        * exclude (format_rank),
        filing_id is not null
        and status <> 'failed'
        and row_number() over (
            partition by filing_id order by status = 'failed', format_rank, document_id
        ) = 1 as is_primary
    from filed
)

select * from ranked
