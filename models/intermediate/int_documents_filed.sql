-- Documents with their filing (department + year + kind + scope) and which one is primary.
with documents as (
    select * from {{ ref('stg_raw__documents') }}
),

filed as (
    select
        *,
        -- one disclosure: its forms (PDF, Markdown, text) and its halves (a prose file and a tables file)
        case
            when department_id is not null and fiscal_year is not null and document_kind is not null
                then concat(department_id, '-', fiscal_year, '-', document_kind, '-', coalesce(budget_scope, 'department'))
        end as filing_id,
        case document_kind when 'final_account' then 'actual' when 'budget' then 'budget' end as document_phase,
        case source_format when 'pdf' then 1 when 'markdown' then 2 when 'text' then 3 else 9 end as format_rank
    from documents
),

ranked as (
    -- one primary document per body × year × kind: the 部门 scope over the 单位 scope (a 部门预算
    -- covers all its units), the file with tables over a prose half, then PDF over Markdown over text
    select
        * exclude (format_rank),
        filing_id is not null
        and status <> 'failed'
        and row_number() over (
            partition by department_id, fiscal_year, document_kind
            order by budget_scope = 'unit', table_count = 0, status = 'failed', format_rank, document_id
        ) = 1 as is_primary
    from filed
)

select * from ranked
