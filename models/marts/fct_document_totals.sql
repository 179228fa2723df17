with documents as (
    select document_id, fiscal_year, document_phase
    from {{ ref('int_documents_filed') }}
    where status <> 'failed'
),

figures as (
    select * from {{ ref('int_document_total_figures') }}
)

select
    documents.document_id,
    documents.fiscal_year,
    documents.document_phase as phase,
    {%- for f in ['income_total', 'expenditure_total', 'general_public_budget', 'basic_expenditure',
                  'project_expenditure', 'personnel_expenditure', 'public_expenditure', 'operating_expenses'] %}
    max(case when figures.figure = '{{ f }}' then figures.amount end) as {{ f }},
    {%- endfor %}
    string_agg(figures.figure || ': ' || figures.source_location, '; ' order by figures.figure)
        filter (where figures.amount is not null) as source_location
from documents
left join figures using (document_id)
group by all
