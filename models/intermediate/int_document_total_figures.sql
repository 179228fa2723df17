-- The document-level totals each table prints, one row per document × figure.
with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
),

first_keyed as (
    -- the first printed line carrying a key, per table kind
    select document_id, table_kind, row_key, amount, source_location
    from lines
    where row_key is not null
    qualify row_number() over (partition by document_id, table_kind, row_key order by table_no, row_no, block_no) = 1
),

function_total as (
    select * from {{ ref('int_function_totals') }} where scope = 'all_funds'
),

basic_totals as (
    select
        document_id,
        coalesce(
            max(amount_personnel),
            max(case when block_label = '人员经费' then amount end)
        ) as personnel,
        coalesce(
            max(amount_public),
            max(case when block_label = '公用经费' then amount end)
        ) as public,
        min(source_location) as source_location
    from lines
    where table_kind = 'basic_expenditure' and item_role = 'total'
    group by document_id
),

operating_total as (
    -- the 机关运行经费表's 合计, else the 机关运行经费 column a 三公 table prints
    select document_id, coalesce(amount, operating_expenses) as amount, source_location
    from lines
    where (table_kind = 'operating_expenses' and item_role = 'total')
        or (table_kind = 'three_public' and item_role = 'detail' and operating_expenses is not null)
    qualify row_number() over (
        partition by document_id order by table_kind = 'operating_expenses' desc, table_no, row_no
    ) = 1
),

summary_total as (
    -- a 收支总表's 总计, else its 本年收入合计 / 本年支出合计 when it prints no 总计
    select document_id, row_key, amount, source_location
    from first_keyed
    where table_kind = 'summary' and row_key in ('income_total', 'income_year_total', 'expenditure_total', 'expenditure_year_total')
),

figures as (
    select document_id, 'income_total' as figure, amount, source_location
    from summary_total where row_key in ('income_total', 'income_year_total')
    qualify row_number() over (partition by document_id order by row_key = 'income_total' desc) = 1
    union all
    -- the 收支总表's 总计 (or 本年支出合计), else the 合计 (总计) row of the function table the facts come from
    select document_id, 'expenditure_total', amount, source_location
    from (
        select document_id, amount, source_location, row_key = 'expenditure_total' as is_total, 1 as source_rank
        from summary_total where row_key in ('expenditure_total', 'expenditure_year_total')
        union all
        select document_id, amount_total, source_location, true, 2 from function_total
    )
    where amount is not null
    qualify row_number() over (partition by document_id order by source_rank, is_total desc) = 1
    union all
    select document_id, 'general_public_budget', coalesce(s.amount, g.amount), coalesce(case when s.amount is not null then s.source_location end, g.source_location)
    from (select * from first_keyed where table_kind = 'summary' and row_key = 'general_public_budget') as s
    full join (select * from first_keyed where table_kind = 'fiscal_grant_summary' and row_key = 'general_public_budget') as g
        using (document_id)
    union all
    select document_id, 'basic_expenditure', amount_basic, source_location from function_total
    union all
    select document_id, 'project_expenditure', amount_project, source_location from function_total
    union all
    select document_id, 'personnel_expenditure', coalesce(b.personnel, {{ sum_or_null('f.amount_wages_benefits', 'f.amount_household_transfers') }}), coalesce(b.source_location, f.source_location)
    from function_total as f full join basic_totals as b using (document_id)
    union all
    select document_id, 'public_expenditure', coalesce(b.public, {{ sum_or_null('f.amount_goods_services', 'f.amount_capital') }}), coalesce(b.source_location, f.source_location)
    from function_total as f full join basic_totals as b using (document_id)
    union all
    select document_id, 'operating_expenses', amount, source_location from operating_total
)

select * from figures
