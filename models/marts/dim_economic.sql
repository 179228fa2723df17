-- One row per economic classification code and scheme: the code list (seeds/economic_codes.csv)
-- and, marked `unlisted`, every code a document prints that the list does not know (reported
-- in dq_discrepancies as unknown_economic_code), so every fact resolves.
with listed as (
    -- a code renamed over the years has a row per name: the current name names it here
    select
        economic_code,
        arg_max(economic_name, coalesce(valid_to_year, 9999)) as economic_name,
        any_value(scheme) as scheme,
        any_value(level) as level,
        nullif(any_value(parent_code), '') as parent_code,
        any_value(source) as source
    from {{ ref('economic_codes') }}
    group by economic_code
),

printed as (
    select code as economic_code, printed_name as economic_name, fiscal_year
    from {{ ref('int_line_items_pivoted') }}
    where table_family = 'economic' and item_role = 'detail' and code is not null
    union all
    select gov_code, gov_name, fiscal_year
    from {{ ref('int_line_items_pivoted') }}
    where table_family = 'economic' and gov_code is not null and gov_code <> ''
),

unlisted as (
    select
        economic_code,
        arg_max(economic_name, fiscal_year) as economic_name,
        case when economic_code like '5%' then 'government' else 'department' end as scheme,
        case length(economic_code) when 3 then '类' else '款' end as level,
        case when length(economic_code) = 5 then left(economic_code, 3) end as parent_code,
        'unlisted' as source
    from printed
    where economic_code not in (select economic_code from listed)
    group by economic_code
)

select * from listed
union all
select * from unlisted
