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

joined as (
    -- the prose half of a split disclosure (no table of its own, `partial` from the reader) is
    -- ingested when its filing's tables file is: the two are one disclosure
    select
        filed.* exclude (status, status_reason),
        halves.tables_path,
        case when halves.tables_path is not null then 'ingested' else filed.status end as status,
        case
            when halves.tables_path is not null then concat('prose half of a disclosure; its tables: ', halves.tables_path)
            else filed.status_reason
        end as status_reason
    from filed
    left join (
        select filing_id, min(source_path) as tables_path
        from filed
        where table_count > 0 and status = 'ingested'
        group by filing_id
    ) as halves on halves.filing_id = filed.filing_id and filed.table_count = 0 and filed.status = 'partial'
),

ranked as (
    -- one primary document per body × year × kind: the 部门 scope over the 单位 scope (a 部门预算
    -- covers all its units), the file with tables over a prose half, then PDF over Markdown over text
    select
        * exclude (format_rank, tables_path),
        filing_id is not null
        and status <> 'failed'
        and row_number() over (
            partition by department_id, fiscal_year, document_kind
            order by budget_scope = 'unit', table_count = 0, status = 'failed', format_rank, document_id
        ) = 1 as is_primary
    from joined
)

select * from ranked
