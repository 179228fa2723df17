-- One row per fiscal year × phase × district × function category (类), over primary documents:
-- what the district's departments in the warehouse spend on it, and its share of their total.
with documents as (
    select * from {{ ref('int_primary_documents') }}
),

categories as (
    select
        documents.fiscal_year, documents.phase, documents.district, left(f.function_code, 3) as function_code,
        cast(sum(f.amount_total) as decimal(20, 6)) as amount, count(distinct documents.department_id) as departments
    from {{ ref('fct_expenditure_by_function') }} as f
    inner join documents using (document_id)
    where f.function_code is not null and documents.district is not null and documents.admin_level = 'county'
    group by all
)

select
    categories.fiscal_year,
    categories.phase,
    categories.district,
    categories.function_code,
    names.function_name,
    categories.amount,
    {{ exact_ratio('categories.amount', 'sum(categories.amount) over (partition by categories.fiscal_year, categories.phase, categories.district)') }}
        as share_of_district,
    categories.departments
from categories
left join {{ ref('dim_function') }} as names using (function_code)
