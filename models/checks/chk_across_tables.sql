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
    -- 一般公共预算 tables), else of the facts' table
    select * from {{ ref('int_function_totals') }} where scope = 'general_public'
),

basic_tables as (
    select document_id, sum(amount) as amount, count(*) as terms, any_value(source_location) as source_location
    from lines
    where table_kind = 'basic_expenditure' and item_role = 'total'
        and (block_label in ('人员经费', '公用经费') or block_label is null)
    group by document_id
),

department_totals as (
    -- the 合计 row of the facts' table (the 部门支出表, all funds, else the 一般公共预算支出表)
    select * from {{ ref('int_function_totals') }} where scope = 'all_funds'
),

performance_pairs as (
    -- each figure of the 整体绩效目标表's budget block with the 合计 row figure it names
    select
        performance.document_id, performance.row_key, performance.amount, performance.source_location, performance.table_title,
        department_totals.table_title as total_title, department_totals.source_location as total_location,
        case performance.row_key
            when 'expenditure_total' then department_totals.amount_total
            when 'basic_expenditure' then department_totals.amount_basic
            when 'project_expenditure' then department_totals.amount_project
            when 'project_general' then department_totals.amount_project_general
            when 'project_special' then department_totals.amount_project_special
        end as table_amount
    from lines as performance
    inner join department_totals using (document_id)
    where performance.table_family = 'overall_performance' and performance.item_role = 'label' and performance.amount is not null
),

category_rows as (
    -- the 收支总表's expenditure categories (一、一般公共服务 …), named as the 类 they print
    select
        document_id, amount, source_location,
        regexp_replace(regexp_replace(printed_name, '^[一二三四五六七八九十百]+[、.．]\s*', ''), '支出$', '') as label
    from lines
    where table_kind = 'summary' and block_label = 'expenditure' and row_key is null and amount is not null
),

category_codes as (
    -- a label names the 类 whose name (without 支出) it equals, or spells in order (资源勘探信息等)
    select category_rows.*, classes.function_code, classes.function_name
    from category_rows
    inner join {{ ref('function_codes') }} as classes
        on classes.level = '类'
        and regexp_replace(classes.function_name, '支出$', '') like '%' || array_to_string(string_split(category_rows.label, ''), '%') || '%'
    qualify count(distinct classes.function_code) over (partition by category_rows.document_id, category_rows.label) = 1
),

category_facts as (
    -- the function facts by 类, where they cover what the 收支总表 covers: all funds (the 部门支出表),
    -- or a 一般公共预算支出表 in a document whose income is all 一般公共预算
    select document_id, left(function_code, 3) as category_code, sum(amount_total) as amount, count(*) as terms
    from {{ ref('fct_expenditure_by_function') }}
    where source_table = 'expenditure'
        or document_id in (select document_id from totals where income_total = general_public_budget)
    group by all
),

general_public_only as (
    -- documents whose income is all 一般公共预算: their 部门支出表 and 一般公共预算支出表 must agree
    select document_id from totals where income_total = general_public_budget
),

table_lines as (
    select document_id, table_kind, code, unit_code, amount_total, source_location
    from lines
    where table_kind in ('expenditure', 'general_public_expenditure') and item_role = 'detail' and code is not null
),

economic_summary_totals as (
    select document_id, amount, source_location, table_title
    from lines
    where table_kind = 'economic_summary' and item_role = 'total' and block_label is null and amount is not null
    qualify row_number() over (partition by document_id order by table_no, row_no) = 1
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
    document_id, 'performance_vs_table', table_amount, amount, 1, source_location,
    concat('"', table_title, '" ', row_key, ' vs the 合计 row of "', total_title, '" (', total_location, ')')
from performance_pairs
where table_amount is not null

union all

select
    category_codes.document_id, 'summary_vs_function_categories',
    category_codes.amount, category_facts.amount, category_facts.terms, category_codes.source_location,
    concat('收支总表''s ', category_codes.label, ' vs the function facts of ', category_codes.function_code, ' ', category_codes.function_name)
from category_codes
inner join category_facts
    on category_facts.document_id = category_codes.document_id and category_facts.category_code = category_codes.function_code

union all

select
    department.document_id, 'expenditure_vs_general_public',
    department.amount_total, general.amount_total, 1, general.source_location,
    concat(general.code, ' in the 一般公共预算支出表 vs the 部门支出表 (', department.source_location, '), a document funded by 一般公共预算 only')
from table_lines as department
inner join table_lines as general
    on general.document_id = department.document_id and general.code = department.code
    and coalesce(general.unit_code, '') = coalesce(department.unit_code, '')
    and general.table_kind = 'general_public_expenditure'
where department.table_kind = 'expenditure'
    and department.document_id in (select document_id from general_public_only)

union all

select
    economic.document_id, 'economic_summary_vs_total',
    function_totals.amount_total, economic.amount, 1, economic.source_location,
    concat('"', economic.table_title, '" 合计 vs the function table''s 合计 (', function_totals.source_location, ')')
from economic_summary_totals as economic
inner join (
    select document_id, amount_total, source_location from department_totals
) as function_totals using (document_id)
where function_totals.amount_total is not null
