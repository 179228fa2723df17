-- One row per fiscal year from the earliest to the latest document, gaps included, with how many
-- primary budgets and final accounts each has (a year with none is a gap to see, not to hide).
with documents as (
    select fiscal_year, document_kind
    from {{ ref('int_documents_filed') }}
    where is_primary and fiscal_year is not null
),

bounds as (
    -- every document with a year spans the range; only primary ones are counted
    select min(fiscal_year) as first_year, max(fiscal_year) as last_year
    from {{ ref('int_documents_filed') }}
),

years as (
    select cast(unnest(range(first_year, last_year + 1)) as integer) as fiscal_year
    from bounds
    where first_year is not null
)

select
    years.fiscal_year,
    concat(years.fiscal_year, '年') as label,
    count(documents.fiscal_year) filter (where documents.document_kind = 'budget') as budget_documents,
    count(documents.fiscal_year) filter (where documents.document_kind = 'final_account') as final_account_documents,
    count(documents.fiscal_year) = 0 as is_gap
from years
left join documents using (fiscal_year)
group by years.fiscal_year
order by years.fiscal_year
