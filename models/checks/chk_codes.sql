-- Rule family codes (seeds/dq_rules.csv): one row per code or name a document prints that the code
-- lists (seeds/) do not confirm: unknown_function_code, unknown_economic_code,
-- function_name_mismatch, economic_name_mismatch; a performance-table project code whose name
-- matches no 项目支出表 row (project_code_unmatched); a 项 printed under a 款 it does not belong to
-- (item_under_wrong_parent); a 部门经济分类 款 beside a 政府经济分类 款 the standard mapping never
-- gives it (economic_mapping_unusual). The fact rows are kept; these rows go to dq_discrepancies.
with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
),

function_names as (
    select * from {{ ref('function_codes') }}
),

economic_names as (
    select * from {{ ref('economic_codes') }}
),

function_lines as (
    select document_id, code, printed_code, printed_name, fiscal_year, source_location, table_no, row_no
    from lines
    where table_family = 'function' and item_role = 'detail' and code is not null
),

economic_lines as (
    select document_id, code, printed_code, printed_name as name, fiscal_year, source_location, table_no, row_no
    from lines
    where table_family = 'economic' and item_role = 'detail' and code is not null
    union all
    select document_id, gov_code, gov_printed_code, gov_name, fiscal_year, source_location, table_no, row_no
    from lines
    where table_family = 'economic' and gov_code is not null and gov_code <> ''
),

unknown_function as (
    select
        document_id,
        'unknown_function_code' as rule_id,
        code,
        arg_min(source_location, (table_no, row_no)) as location,
        format('function code {} (printed ''{}'', named ''{}'') is not in the code list (seeds/function_codes.csv)',
            code, arg_min(printed_code, (table_no, row_no)), arg_min(printed_name, (table_no, row_no))) as message
    from function_lines
    where code not in (select function_code from function_names)
    group by document_id, code
),

unknown_economic as (
    select
        document_id,
        'unknown_economic_code' as rule_id,
        code,
        arg_min(source_location, (table_no, row_no)) as location,
        format('economic code {} (printed ''{}'', named ''{}'') is not in the code list (seeds/economic_codes.csv)',
            code, arg_min(printed_code, (table_no, row_no)), arg_min(name, (table_no, row_no))) as message
    from economic_lines
    where code not in (select economic_code from economic_names)
    group by document_id, code
),

function_mismatch as (
    select
        document_id,
        'function_name_mismatch' as rule_id,
        code,
        arg_min(source_location, (table_no, row_no)) as location,
        format('function code {} is printed as ''{}''; the code list names it ''{}''',
            code, printed_name, string_agg(distinct listed.function_name, '/')) as message
    from function_lines as printed
    inner join function_names as listed on listed.function_code = printed.code
    where printed.printed_name is not null
    group by document_id, code, printed_name
    having not bool_or(
        (listed.valid_from_year is null or printed.fiscal_year is null or printed.fiscal_year >= listed.valid_from_year)
        and (listed.valid_to_year is null or printed.fiscal_year is null or printed.fiscal_year <= listed.valid_to_year)
        and (
            {{ comparable_name('printed.printed_name') }} = {{ comparable_name('listed.function_name') }}
            -- 行政运行（政府办公厅（室）及相关机构事务）: the 款 named after the 项
            or starts_with({{ comparable_name('printed.printed_name') }}, {{ comparable_name('listed.function_name') }} || '(')
        )
    )
),

economic_mismatch as (
    select
        document_id,
        'economic_name_mismatch' as rule_id,
        code,
        arg_min(source_location, (table_no, row_no)) as location,
        format('economic code {} is printed as ''{}''; the code list names it ''{}''',
            code, name, string_agg(distinct listed.economic_name, '/')) as message
    from economic_lines as printed
    inner join economic_names as listed
        on listed.economic_code = printed.code
        -- only the names valid in the document's year
        and (listed.valid_from_year is null or printed.fiscal_year is null or printed.fiscal_year >= listed.valid_from_year)
        and (listed.valid_to_year is null or printed.fiscal_year is null or printed.fiscal_year <= listed.valid_to_year)
    where printed.name is not null
    group by document_id, code, name
    having not bool_or({{ comparable_name('printed.name') }} = {{ comparable_name('listed.economic_name') }})
),

unmatched_codes as (
    select
        codes.document_id,
        'project_code_unmatched' as rule_id,
        codes.project_code as code,
        codes.source_location as location,
        format('project code {} is printed beside ''{}'' in the performance table, a name no 项目支出表 row prints: code not attached',
            codes.project_code, codes.project_name) as message
    from {{ ref('int_project_codes') }} as codes
    where not exists (
        select 1 from {{ ref('int_projects') }} as projects
        where projects.document_id = codes.document_id and projects.name_key = codes.name_key
    )
),

function_rows as (
    select
        *,
        last_value(case when length(code) = 5 then code end ignore nulls) over (
            partition by document_id, table_no, unit_code order by row_no rows between unbounded preceding and 1 preceding
        ) as item_above,
        last_value(case when length(code) <= 5 then code end ignore nulls) over (
            partition by document_id, table_no, unit_code order by row_no rows between unbounded preceding and 1 preceding
        ) as class_or_item_above
    from lines
    where table_family = 'function' and item_role = 'detail' and code is not null
),

wrong_parent as (
    select
        document_id, 'item_under_wrong_parent' as rule_id,
        cast(null as decimal(20, 6)) as expected, cast(null as decimal(20, 6)) as observed, 0 as terms,
        arg_min(source_location, (table_no, row_no)) as location,
        concat(code, ' ', any_value(printed_name), ' is printed under ', any_value(item_above), ' in ', count(*),
            ' table(s); its 款 is ', left(code, 5)) as subject
    from function_rows
    where length(code) = 7 and class_or_item_above = item_above and item_above <> left(code, 5)
    group by document_id, code
),

unusual_mapping as (
    -- a 部门经济分类 款 printed beside a 政府经济分类 款 the standard mapping never gives it
    select
        document_id, 'economic_mapping_unusual' as rule_id,
        cast(null as decimal(20, 6)) as expected, cast(null as decimal(20, 6)) as observed, 0 as terms,
        min(source_location) as location,
        concat(code, ' ', any_value(printed_name), ' is printed beside ', gov_code, ' ', any_value(gov_name),
            '; the standard mapping gives ', coalesce((
                select string_agg(distinct m.gov_economic_code, '/') from {{ ref('economic_code_mapping') }} as m
                where m.dept_economic_code = lines.code
            ), 'no mapping')) as subject
    from lines
    where table_family = 'economic' and item_role = 'detail' and length(code) = 5 and length(gov_code) = 5
        and not exists (
            select 1 from {{ ref('economic_code_mapping') }} as m
            where m.dept_economic_code = lines.code and m.gov_economic_code = lines.gov_code
        )
    group by document_id, code, gov_code
),

checks as (
    select * from unknown_function
    union all
    select * from unknown_economic
    union all
    select * from function_mismatch
    union all
    select * from economic_mismatch
    union all
    select * from unmatched_codes
)

select
    document_id,
    rule_id,
    cast(null as decimal(20, 6)) as expected,
    cast(null as decimal(20, 6)) as observed,
    0 as terms,
    location,
    message as subject
from checks
union all
select * from wrong_parent
union all
select * from unusual_mapping
