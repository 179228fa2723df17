-- Across tables of one document, each only where the document prints both sides: the 收入表's
-- 财政拨款 (or 一般公共预算) 合计 vs the 收支总表's; 收入总计 vs 支出总计; the 基本支出表's total vs the
-- function table's 基本支出; the 项目支出表's total vs the function table's 项目支出; the 整体绩效目标表's
-- 单位年度支出预算 (支出合计, 基本支出, 项目支出 and its 一般性/专项 parts) vs the 部门支出表's 合计 row.
with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
),

totals as (
    select * from {{ ref('fct_document_totals') }}
),

income_totals as (
    select
        document_id, source_location, table_title,
        coalesce(income_fiscal_grant, income_general_public) as general_public_income
    from lines
    where table_kind = 'income' and item_role = 'total'
    qualify row_number() over (partition by document_id order by table_no, row_no) = 1
),

summary_income as (
    -- 一般公共预算财政拨款 income as the 收支总表 and the 财政拨款收支总表 print it (each, where printed)
    select document_id, amount, source_location, table_title
    from lines
    where table_kind in ('summary', 'fiscal_grant_summary') and row_key = 'general_public_budget' and block_label = 'income'
        and amount is not null
    qualify row_number() over (partition by document_id, table_no order by row_no) = 1
),

function_totals as (
    -- the 合计 row of the 一般公共预算支出表 where there is one (the 基本支出表 and 项目支出表 are
    -- 一般公共预算 tables), else of the 部门支出表
    select document_id, amount_basic, amount_project, source_location
    from lines
    where table_kind in ('general_public_expenditure', 'expenditure') and item_role = 'total'
    qualify row_number() over (
        partition by document_id order by case table_kind when 'general_public_expenditure' then 1 else 2 end, table_no, row_no
    ) = 1
),

basic_tables as (
    select document_id, sum(amount) as amount, count(*) as terms, any_value(source_location) as source_location
    from lines
    where table_kind = 'basic_expenditure' and item_role = 'total'
        and (block_label in ('人员经费', '公用经费') or block_label is null)
    group by document_id
),

department_totals as (
    -- the 合计 row of the 部门支出表 (all funds), else of the 一般公共预算支出表
    select *
    from lines
    where table_kind in ('expenditure', 'general_public_expenditure') and item_role = 'total'
    qualify row_number() over (
        partition by document_id order by case table_kind when 'expenditure' then 1 else 2 end, table_no, row_no
    ) = 1
),

performance_figures as (
    select document_id, row_key, amount, source_location, table_title
    from lines
    where table_family = 'overall_performance' and item_role = 'label' and amount is not null
),

project_tables as (
    select document_id, sum(amount) as amount, count(*) as terms, min(source_location) as source_location
    from lines
    where table_kind = 'project_expenditure' and item_role = 'detail'
    group by document_id
)

select
    summary_income.document_id, 'income_table_vs_summary' as rule_id,
    summary_income.amount as expected, income_totals.general_public_income as observed, 1 as terms,
    income_totals.source_location as location,
    concat('"', income_totals.table_title, '" 合计 财政拨款 vs "', summary_income.table_title, '" 一般公共预算财政拨款 (',
        summary_income.source_location, ')') as subject
from summary_income
inner join income_totals using (document_id)
where income_totals.general_public_income is not null

union all

select
    document_id, 'income_vs_expenditure_total', income_total, expenditure_total, 1, source_location,
    '收支总表: 收入总计 vs 支出总计'
from totals
where income_total is not null and expenditure_total is not null

union all

select
    function_totals.document_id, 'basic_table_vs_function_basic',
    function_totals.amount_basic, basic_tables.amount, basic_tables.terms, basic_tables.source_location,
    concat('基本支出表 total vs the function table''s 基本支出 合计 (', function_totals.source_location, ')')
from function_totals
inner join basic_tables using (document_id)
where function_totals.amount_basic is not null and basic_tables.amount is not null

union all

select
    function_totals.document_id, 'project_table_vs_function_project',
    function_totals.amount_project, project_tables.amount, project_tables.terms, project_tables.source_location,
    concat('项目支出表 lines vs the function table''s 项目支出 合计 (', function_totals.source_location, ')')
from function_totals
inner join project_tables using (document_id)
where function_totals.amount_project is not null and project_tables.amount is not null

union all

select
    performance.document_id, 'performance_vs_table',
    case performance.row_key
        when 'expenditure_total' then department_totals.amount_total
        when 'basic_expenditure' then department_totals.amount_basic
        when 'project_expenditure' then department_totals.amount_project
        when 'project_general' then department_totals.amount_project_general
        when 'project_special' then department_totals.amount_project_special
    end,
    performance.amount, 1, performance.source_location,
    concat('"', performance.table_title, '" ', performance.row_key, ' vs the 合计 row of "', department_totals.table_title, '" (',
        department_totals.source_location, ')')
from performance_figures as performance
inner join department_totals using (document_id)
where performance.row_key in ('expenditure_total', 'basic_expenditure', 'project_expenditure', 'project_general', 'project_special')
    and case performance.row_key
        when 'expenditure_total' then department_totals.amount_total
        when 'basic_expenditure' then department_totals.amount_basic
        when 'project_expenditure' then department_totals.amount_project
        when 'project_general' then department_totals.amount_project_general
        when 'project_special' then department_totals.amount_project_special
    end is not null
