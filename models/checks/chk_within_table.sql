-- Rule family within_table (seeds/dq_rules.csv): one table's own arithmetic. The function table's
-- 合计 row = the sum of the fact lines, per column; a row's 合计 = 基本支出 + 项目支出 and 基本支出 =
-- 人员经费 + 公用经费 (or, where it prints those instead, the four economic classes under them); a printed 类/款 row = the sum of the longer codes printed under it; an
-- economic class row (301 …) = the sum of its 款; a 合计 / 人员经费合计 / 公用经费合计 row = the sum
-- of the 款 of its block; a 项目支出表's 合计 = the sum of its project lines.
-- Standard columns (see dq_discrepancies): the severity and tolerance come from seeds/dq_rules.csv.
{%- set function_total_columns = ['amount_total', 'amount_basic', 'amount_project'] %}
with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
),

selected_lines as (
    -- the function table the facts come from
    select * from {{ ref('int_function_items_selected') }}
),

function_printed_total as (
    select * from {{ ref('int_function_totals') }} where scope = 'all_funds'
),

function_line_sums as (
    select
        document_id,
        count(*) as lines_summed,
        {%- for c in function_total_columns %}
        sum({{ c }}) as {{ c }}{{ ',' if not loop.last }}
        {%- endfor %}
    from selected_lines
    where item_role = 'detail' and not is_subtotal
    group by document_id
),

function_totals as (
    {%- for c in function_total_columns %}
    select
        function_printed_total.document_id,
        'function_lines_sum_to_total' as rule_id,
        function_printed_total.{{ c }} as expected,
        function_line_sums.{{ c }} as observed,
        function_line_sums.lines_summed as terms,
        function_printed_total.source_location as location,
        concat('"', function_printed_total.table_title, '" 合计 of ', '{{ c }}', ' vs its ', function_line_sums.lines_summed, ' lines') as subject
    from function_printed_total
    inner join function_line_sums using (document_id)
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

function_rows as (
    select
        *,
        -- position groups: the 类 and the 款 each row is printed under
        count(*) filter (where length(code) = 3) over w as class_group,
        count(*) filter (where length(code) <= 5) over w as item_group
    from lines
    where table_family = 'function' and item_role in ('detail', 'total')
    window w as (partition by document_id, table_no, unit_code order by row_no rows unbounded preceding)
),

row_identities as (
    -- 合计 = every spending column printed beside it (基本支出 + 项目支出, and where printed 单位预留机动经费,
    -- 上缴上级支出, 经营支出, 对附属单位补助支出, 结转下年); 基本支出 = 人员经费 + 公用经费
    select
        document_id, table_no, 'total_is_basic_plus_project' as rule_id,
        amount_total as expected,
        {{ sum_or_null('amount_basic', 'amount_project', 'amount_reserve', 'amount_remit_upper', 'amount_operating',
                       'amount_subsidy_affiliates', 'amount_carry_forward') }} as observed,
        2 as terms, source_location as location,
        concat(coalesce(printed_code || ' ', ''), coalesce(printed_name, ''), ': 合计 vs 基本支出 + 项目支出 (+ the other spending columns)') as subject
    from function_rows
    where amount_total is not null and (amount_basic is not null or amount_project is not null)
    union all
    select
        document_id, table_no, 'basic_is_personnel_plus_public',
        amount_basic,
        coalesce(
            {{ sum_or_null('amount_personnel', 'amount_public') }},
            {{ sum_or_null('amount_wages_benefits', 'amount_household_transfers', 'amount_goods_services', 'amount_capital') }}
        ),
        case when amount_personnel is not null or amount_public is not null then 2 else 4 end, source_location,
        concat(coalesce(printed_code || ' ', ''), coalesce(printed_name, ''), case
            when amount_personnel is not null or amount_public is not null then ': 基本支出 vs 人员经费 + 公用经费'
            else ': 基本支出 vs 工资福利支出 + 对个人和家庭的补助 + 商品和服务支出 + 资本性支出'
        end)
    from function_rows
    where amount_basic is not null
        and (amount_personnel is not null or amount_public is not null or amount_wages_benefits is not null
            or amount_household_transfers is not null or amount_goods_services is not null or amount_capital is not null)
),

identity_confirmed as (
    -- a column reading is confirmed where the identity holds on some row of the table (up to rounding);
    -- where it fails on every row, the columns may be misread: our error (reading_uncertain), not the source's
    select document_id, table_no, rule_id, bool_or(abs(expected - coalesce(observed, 0)) <= 0.01 * terms) as holds_somewhere
    from row_identities
    group by all
),

row_sums as (
    select
        row_identities.document_id,
        case when identity_confirmed.holds_somewhere then row_identities.rule_id else 'reading_uncertain' end as rule_id,
        row_identities.expected, row_identities.observed, row_identities.terms, row_identities.location,
        case
            when identity_confirmed.holds_somewhere then row_identities.subject
            else row_identities.subject || ' fails on every row of the table: its columns may be misread'
        end as subject
    from row_identities
    inner join identity_confirmed using (document_id, table_no, rule_id)
),

class_children as (
    -- the 项 printed under a 类 (or, where it prints none, its 款), and the 项 under a 款
    select
        parent.document_id, parent.source_location, parent.printed_code, parent.printed_name, parent.amount_total,
        count(child.row_no) as terms,
        sum(child.amount_total) as children_total
    from function_rows as parent
    inner join function_rows as child
        on child.document_id = parent.document_id and child.table_no = parent.table_no
        and coalesce(child.unit_code, '') = coalesce(parent.unit_code, '')
        and child.row_no > parent.row_no
        and (
            (length(parent.code) = 3 and child.class_group = parent.class_group
                and length(child.code) = (
                    select max(length(x.code)) from function_rows as x
                    where x.document_id = parent.document_id and x.table_no = parent.table_no
                        and x.class_group = parent.class_group and coalesce(x.unit_code, '') = coalesce(parent.unit_code, '')
                ))
            or (length(parent.code) = 5 and child.item_group = parent.item_group and length(child.code) = 7)
        )
    where parent.item_role = 'detail' and length(parent.code) in (3, 5)
    group by all
),

class_sums as (
    select
        document_id, 'function_class_sum' as rule_id,
        amount_total as expected, children_total as observed, terms, source_location as location,
        concat(printed_code, ' ', printed_name, ' vs the ', terms, ' lines printed under it (合计)') as subject
    from class_children
    where amount_total is not null or children_total is not null
),

economic_rows as (
    select *
    from lines
    where table_family = 'economic' and item_role in ('detail', 'total')
),

economic_classes as (
    select
        class.document_id, 'economic_class_sum' as rule_id,
        class.amount as expected,
        sum(item.amount) as observed,
        count(item.row_no) as terms,
        class.source_location as location,
        concat(class.printed_code, ' ', class.printed_name, ' vs the sum of its 款 in "', class.table_title, '"') as subject
    from economic_rows as class
    inner join economic_rows as item
        on item.document_id = class.document_id and item.table_no = class.table_no
        and coalesce(item.unit_code, '') = coalesce(class.unit_code, '')
        and length(item.code) = 5 and left(item.code, 3) = class.code
    where class.item_role = 'detail' and length(class.code) = 3
    group by all
    having class.amount is not null or sum(item.amount) is not null
),

group_totals as (
    -- 人员经费合计 / 公用经费合计 (a block each) or one 合计 row: vs the 款 rows it covers
    {%- for column in ['amount', 'amount_personnel', 'amount_public'] %}
    select
        total.document_id, 'economic_group_total' as rule_id,
        total.{{ column }} as expected,
        sum(item.{{ column }}) as observed,
        count(item.row_no) as terms,
        total.source_location as location,
        concat(total.printed_name, ' (', '{{ column }}', ') vs the 款 rows of "', total.table_title, '"') as subject
    from economic_rows as total
    inner join economic_rows as item
        on item.document_id = total.document_id and item.table_no = total.table_no
        and item.item_role = 'detail'
        -- a 款 row, or a row whose printed code is garbled (`30 01`): printed items all the same
        and (length(item.code) = 5 or (item.code is null and item.printed_code is not null))
        and coalesce(item.unit_code, '') = coalesce(total.unit_code, '')
        -- the 款 of the total's block: by its header label (人员经费 / 公用经费), else its position
        and (item.block_label = total.block_label or (total.block_label is null and item.block_no = total.block_no))
    where total.item_role = 'total' and total.table_kind in ('basic_expenditure', 'economic_summary', 'operating_expenses')
    group by all
    having total.{{ column }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

project_totals as (
    select
        project_total.document_id, 'project_lines_sum_to_total' as rule_id,
        project_total.amount as expected, sum(project_line.amount) as observed, count(project_line.row_no) as terms,
        project_total.source_location as location,
        concat('"', project_total.table_title, '" 合计 vs its ', count(project_line.row_no), ' project lines') as subject
    from lines as project_total
    inner join lines as project_line
        on project_line.document_id = project_total.document_id and project_line.table_no = project_total.table_no
        and project_line.item_role = 'detail'
    where project_total.table_kind = 'project_expenditure' and project_total.item_role = 'total' and project_total.amount is not null
    group by
        project_total.document_id, project_total.table_no, project_total.row_no, project_total.amount,
        project_total.source_location, project_total.table_title
)

select * from function_totals
union all
select * from row_sums
union all
select * from project_totals
union all
select * from class_sums
union all
select * from economic_classes
union all
select * from group_totals
