-- One row per department × fiscal year × function code of a primary 决算: the actual (its table) and
-- the budget — from the same year's primary 预算 of the department's lineage where there is one
-- (budget_document), else the 年初预算 the 决算's prose states for the line (final_account_prose),
-- matched to the table's code by what the prose's 类/款/项 names determine, or, where the table
-- prints another code for the line (a 项 under a wrong 款), by the same 类 and 项 name.
with documents as (
    select * from {{ ref('int_primary_documents') }}
),

actuals as (
    select
        documents.department_id, documents.lineage_id, documents.fiscal_year, documents.document_id,
        f.function_code, any_value(f.function_name) as function_name, cast(sum(f.amount_total) as decimal(20, 6)) as actual
    from {{ ref('fct_expenditure_by_function') }} as f
    inner join documents using (document_id)
    where documents.document_kind = 'final_account' and f.function_code is not null
    group by all
),

budget_documents as (
    select
        documents.lineage_id, documents.fiscal_year, f.function_code, cast(sum(f.amount_total) as decimal(20, 6)) as budget
    from {{ ref('fct_expenditure_by_function') }} as f
    inner join documents using (document_id)
    where documents.document_kind = 'budget' and f.function_code is not null
    group by all
),

prose_items as (
    select document_id, function_code, split_part(subject, '|', 3) as item_name, amount as budget
    from {{ ref('fct_narrative_figures') }}
    where figure = 'item_budget' and function_code is not null
),

prose_budgets as (
    -- the code the names determine when the table prints it; else the table's line of the same
    -- 类 and 项 name (when exactly one)
    select actuals.document_id, actuals.function_code, any_value(prose_items.budget) as budget
    from actuals
    inner join prose_items
        on prose_items.document_id = actuals.document_id
        and (
            prose_items.function_code = actuals.function_code
            or (
                left(prose_items.function_code, 3) = left(actuals.function_code, 3)
                and {{ comparable_name('prose_items.item_name') }} = {{ comparable_name('actuals.function_name') }}
                and not exists (
                    select 1 from actuals as exact
                    where exact.document_id = prose_items.document_id and exact.function_code = prose_items.function_code
                )
            )
        )
    group by all
    having count(distinct prose_items.function_code) = 1
)

select
    actuals.department_id,
    actuals.fiscal_year,
    actuals.function_code,
    actuals.function_name,
    coalesce(budget_documents.budget, prose_budgets.budget) as budget,
    actuals.actual,
    cast(actuals.actual - coalesce(budget_documents.budget, prose_budgets.budget) as decimal(20, 6)) as difference,
    {{ exact_ratio('actuals.actual', 'coalesce(budget_documents.budget, prose_budgets.budget)') }} as execution_rate,
    case
        when budget_documents.budget is not null then 'budget_document'
        when prose_budgets.budget is not null then 'final_account_prose'
    end as budget_source,
    actuals.document_id as actual_document_id
from actuals
left join budget_documents
    on budget_documents.lineage_id = actuals.lineage_id and budget_documents.fiscal_year = actuals.fiscal_year
    and budget_documents.function_code = actuals.function_code
left join prose_budgets
    on prose_budgets.document_id = actuals.document_id and prose_budgets.function_code = actuals.function_code
