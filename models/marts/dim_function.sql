-- One row per functional classification code: the code list (seeds/function_codes.csv) and,
-- marked `unlisted`, every code a document prints that the list does not know (reported in
-- dq_discrepancies as unknown_function_code), so every fact resolves.
with listed as (
    select
        function_code,
        arg_max(function_name, coalesce(valid_to_year, 9999)) as function_name,
        any_value(level) as level,
        any_value(parent_code) as parent_code,
        case when bool_or(valid_from_year is null) then null else min(valid_from_year) end as valid_from_year,
        case when bool_or(valid_to_year is null) then null else max(valid_to_year) end as valid_to_year,
        case when bool_or(source = 'reference') then 'reference' else 'observed' end as source
    from {{ ref('function_codes') }}
    group by function_code
),

printed as (
    select code as function_code, arg_max(printed_name, fiscal_year) as function_name
    from {{ ref('int_line_items_pivoted') }}
    where table_family = 'function' and item_role = 'detail' and code is not null
    group by code
),

unlisted as (
    select
        printed.function_code,
        printed.function_name,
        case length(printed.function_code) when 3 then '类' when 5 then '款' else '项' end as level,
        case length(printed.function_code)
            when 3 then null when 5 then left(printed.function_code, 3) else left(printed.function_code, 5)
        end as parent_code,
        cast(null as integer) as valid_from_year,
        cast(null as integer) as valid_to_year,
        'unlisted' as source
    from printed
    anti join listed using (function_code)
),

codes as (
    select * from listed
    union all
    select * from unlisted
)

select
    codes.function_code,
    codes.function_name,
    codes.level,
    nullif(codes.parent_code, '') as parent_code,
    left(codes.function_code, 3) as category_code,
    category.function_name as category_name,
    codes.valid_from_year,
    codes.valid_to_year,
    codes.source
from codes
left join codes as category on category.function_code = left(codes.function_code, 3)
