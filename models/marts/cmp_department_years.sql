-- One row per department lineage × fiscal year × phase × breakdown × code, from primary documents:
-- spending by function category (类) and by economic class (部门经济分类 类), with the same line of
-- the lineage's previous year that has a document of the same phase (2025 is compared with 2023
-- when 2024 is missing), its change and % change. Budgets and final accounts are never mixed.
with documents as (
    select * from {{ ref('int_primary_documents') }}
),

function_categories as (
    select
        f.document_id, 'function_category' as breakdown, left(f.function_code, 3) as code, cast(sum(f.amount_total) as decimal(20, 6)) as amount
    from {{ ref('fct_expenditure_by_function') }} as f
    where f.function_code is not null
    group by all
),

economic_scope as (
    -- the 支出经济分类汇总表 (all funds) where the document prints one, else its 基本支出表
    select document_id, case when bool_or(scope = 'all') then 'all' else 'basic' end as scope
    from {{ ref('fct_expenditure_by_economic') }}
    where scope in ('all', 'basic')
    group by document_id
),

economic_classes as (
    select e.document_id, 'economic_class' as breakdown, left(e.dept_economic_code, 3) as code, cast(sum(e.amount) as decimal(20, 6)) as amount
    from {{ ref('fct_expenditure_by_economic') }} as e
    inner join economic_scope using (document_id, scope)
    where e.dept_economic_code is not null
    group by all
),

lines as (
    select * from function_categories
    union all
    select * from economic_classes
),

yearly as (
    select
        documents.lineage_id, documents.fiscal_year, documents.phase, documents.department_id, documents.department_name,
        lines.breakdown, lines.code, lines.amount
    from lines
    inner join documents using (document_id)
),

years as (
    select distinct lineage_id, phase, fiscal_year from yearly
),

previous as (
    select lineage_id, phase, fiscal_year, lag(fiscal_year) over (partition by lineage_id, phase order by fiscal_year) as previous_year
    from years
),

names as (
    select function_code as code, 'function_category' as breakdown, function_name as name from {{ ref('dim_function') }} where level = '类'
    union all
    select economic_code, 'economic_class', economic_name from {{ ref('dim_economic') }} where level = '类' and scheme = 'department'
)

select
    yearly.lineage_id,
    yearly.fiscal_year,
    yearly.phase,
    yearly.department_id,
    yearly.department_name,
    yearly.breakdown,
    yearly.code,
    names.name,
    yearly.amount,
    previous.previous_year,
    earlier.amount as previous_amount,
    cast(yearly.amount - earlier.amount as decimal(20, 6)) as change,
    {{ exact_ratio('(yearly.amount - earlier.amount) * 100', 'earlier.amount') }} as change_pct
from yearly
inner join previous using (lineage_id, phase, fiscal_year)
left join yearly as earlier
    on earlier.lineage_id = yearly.lineage_id and earlier.phase = yearly.phase and earlier.fiscal_year = previous.previous_year
    and earlier.breakdown = yearly.breakdown and earlier.code = yearly.code
left join names on names.code = yearly.code and names.breakdown = yearly.breakdown
