-- One row per economic classification code and scheme: the code list (seeds/economic_codes.csv)
-- and, marked `unlisted`, every code a document prints that the list does not know (reported
-- in dq_discrepancies as unknown_economic_code), so every fact resolves.
with listed as (
    select economic_code, economic_name, scheme, level, nullif(parent_code, '') as parent_code, source
    from {{ ref('economic_codes') }}
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
