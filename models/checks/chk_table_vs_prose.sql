-- Rule family table_vs_prose (seeds/dq_rules.csv). Every narrative figure against the table figure it names; a 决算 item against the
-- function line its 类/款/项 names determine (and the line's code when the table prints another);
-- two prose statements of one figure; printed percentages against the figures they come from
-- (compared at the precision they are printed).
with figures as (
    select * from {{ ref('fct_narrative_figures') }}
),

totals as (
    -- each printed total with its own place (fct_document_totals pivots these)
    select figures.document_id, documents.document_phase as phase, figures.figure, figures.amount, figures.source_location
    from {{ ref('int_document_total_figures') }} as figures
    inner join {{ ref('int_documents_filed') }} as documents using (document_id)
    where documents.status <> 'failed'
),

three_public as (
    select * from {{ ref('int_three_public_items') }}
),

economic_classes as (
    select document_id, code, amount, source_location
    from {{ ref('int_line_items_pivoted') }}
    where table_kind = 'basic_expenditure' and item_role = 'detail' and length(code) = 3
    qualify row_number() over (partition by document_id, code order by table_no, row_no) = 1
),

functions as (
    select * from {{ ref('fct_expenditure_by_function') }}
),

table_figures as (
    select document_id, phase, figure, amount, source_location
    from totals
    where figure in ('income_total', 'expenditure_total', 'basic_expenditure', 'project_expenditure',
                     'personnel_expenditure', 'public_expenditure', 'operating_expenses')
    union all
    {%- for figure, code in [('economic_wages_benefits', '301'), ('economic_goods_services', '302'),
                             ('economic_household_transfers', '303'), ('economic_capital', '310')] %}
    select document_id, null, '{{ figure }}', amount, source_location from economic_classes where code = '{{ code }}'
    union all
    {%- endfor %}
    select document_id, phase, 'three_public_' || item, amount, source_location from three_public
),

versus_tables as (
    select
        figures.document_id, 'narrative_vs_table' as rule_id,
        table_figures.amount as expected, figures.amount as observed, 1 as terms,
        figures.source_location as location,
        concat(figures.figure, ' (', figures.phase, ') stated in the prose vs the table (', table_figures.source_location, '): "',
            figures.sentence, '"') as subject
    from figures
    inner join table_figures
        on table_figures.document_id = figures.tables_document_id and table_figures.figure = figures.figure
        and (table_figures.phase is null or table_figures.phase = figures.phase)
    where figures.amount is not null and table_figures.amount is not null
        -- compared at the coarser of the two precisions (the prose's 222.527 is the table's 222.53;
        -- the prose's 2160.17 万元 is a 元 table's 21,601,733): a rounding is not a contradiction
        and {{ round_to('figures.amount', "least(figures.decimals_printed, " ~ decimals('table_figures.amount') ~ ")") }}
            <> {{ round_to('table_figures.amount', "least(figures.decimals_printed, " ~ decimals('table_figures.amount') ~ ")") }}
),

items as (
    select * from figures where figure in ('item_budget', 'item_actual') and function_code is not null
),

item_lines as (
    select document_id, function_code, phase, sum(amount_total) as amount, min(source_location) as source_location
    from functions
    group by all
),

versus_items as (
    select
        items.document_id, 'narrative_item_vs_table' as rule_id,
        item_lines.amount as expected, items.amount as observed, 1 as terms, items.source_location as location,
        concat(items.function_code, ' (', replace(items.subject, '|', '/'), ', ', items.phase,
            ') stated in the prose vs the function table (', item_lines.source_location, ')') as subject
    from items
    inner join item_lines
        on item_lines.document_id = items.tables_document_id and item_lines.function_code = items.function_code
        and item_lines.phase = items.phase
),

code_mismatch as (
    select
        items.document_id, 'narrative_item_code_mismatch' as rule_id,
        cast(null as decimal(20, 6)) as expected, cast(null as decimal(20, 6)) as observed, 0 as terms,
        items.source_location as location,
        concat('the prose names ', replace(items.subject, '|', '/'), ' (', items.function_code, ' by the code list) but the function table ',
            'prints no ', items.function_code,
            coalesce('; it prints ' || (
                select string_agg(distinct f.function_code || ' ' || f.function_name || ' ' || cast(f.amount_total as varchar), ', ')
                from functions as f
                where f.document_id = items.tables_document_id and f.amount_total = items.amount and f.phase = items.phase
            ) || ' with the same amount', '')) as subject
    from items
    where items.figure = 'item_actual'
        and items.tables_document_id is not null
        and not exists (select 1 from functions as f where f.document_id = items.tables_document_id and f.function_code = items.function_code)
),

disagree as (
    select
        stated.document_id, 'narrative_figures_disagree' as rule_id,
        budget.amount as expected, stated.amount as observed, 1 as terms, stated.source_location as location,
        concat('年初预算 stated as ', stated.amount, ' ("', stated.sentence, '") and as ', budget.amount, ' (', budget.source_location, ')') as subject
    from figures as stated
    inner join figures as budget
        on budget.document_id = stated.document_id and budget.figure = 'general_public_budget' and budget.phase = 'budget'
    where stated.figure = 'initial_budget'
    qualify row_number() over (partition by stated.document_id, stated.line_no order by budget.line_no) = 1
),

shares as (
    -- 占 …%: of the 支出合计 / 一般公共预算 (basic, project, economic classes) or of the 基本支出
    -- (personnel, public) stated in the same sentence
    select part.*, whole.amount as whole_amount
    from figures as part
    inner join figures as whole
        on whole.document_id = part.document_id and whole.sentence = part.sentence and whole.line_no <= part.line_no
        and whole.amount > 0
        and (
            (part.figure in ('basic_expenditure', 'project_expenditure') and whole.figure in ('expenditure_total', 'general_public_budget'))
            or (part.figure in ('personnel_expenditure', 'public_expenditure') and whole.figure = 'basic_expenditure')
            or (part.figure like 'economic_%' and whole.figure = 'general_public_budget')
        )
    where part.percent is not null and part.figure not in ('item_actual', 'prior_year_change')
    qualify row_number() over (partition by part.document_id, part.line_no, part.figure order by whole.line_no desc) = 1
),

rates as (
    -- 完成预算的 …%: the actual over the budget of the same statement
    select actual.*, budget.amount as whole_amount
    from figures as actual
    inner join figures as budget
        on budget.document_id = actual.document_id and budget.line_no = actual.line_no and budget.sentence = actual.sentence
        and budget.phase in ('budget', 'adjusted_budget') and budget.amount > 0
        and (budget.figure = actual.figure or (budget.figure = 'item_budget' and actual.figure = 'item_actual'))
    where actual.phase = 'actual' and actual.percent is not null
),

changes as (
    -- 增长/下降 …%: the change over last year's figure (this year's minus the change)
    select change.*, current.amount - change.amount as whole_amount
    from figures as change
    inner join figures as current
        on current.document_id = change.document_id and current.line_no <= change.line_no
        and current.figure = case
            when change.subject in ('收支总计', '收、支总计', '收入') then 'income_total'
            when change.subject like '财政拨款收%支总计' then 'fiscal_grant_total'
            when change.subject like '一般公共预算%' then 'general_public_budget'
            when change.subject = '人员经费' then 'personnel_expenditure'
            when change.subject = '公用经费' then 'public_expenditure'
        end
    where change.figure = 'prior_year_change' and change.percent is not null
    qualify row_number() over (partition by change.document_id, change.line_no, change.subject order by current.line_no desc) = 1
),

percentages as (
    select * from shares
    union all
    select * from rates
    union all
    select * from changes
),

percent_checks as (
    select
        document_id, 'narrative_percent' as rule_id,
        -- the percent the figures give, rounded half up to the decimals printed
        {{ exact_percent('amount', 'whole_amount', 'percent_decimals') }} as computed,
        percent, source_location, figure, amount, whole_amount, sentence
    from percentages
    where whole_amount <> 0
)

select * from versus_tables
union all
select * from versus_items
union all
select * from code_mismatch
union all
select * from disagree
union all
select
    document_id, rule_id, computed as expected, percent as observed, 1 as terms, source_location as location,
    concat(figure, ': ', amount, ' of ', whole_amount, ' is ', computed, '%, printed ', percent, '%: "', sentence, '"') as subject
from percent_checks
