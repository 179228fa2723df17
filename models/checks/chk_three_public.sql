-- Rule family three_public (seeds/dq_rules.csv): the 三公 table's own arithmetic (公务用车 小计 =
-- 购置 + 运行, 合计 = 出国 + 公务用车 + 接待, per phase), and a note saying there is no data (无数据)
-- beside a table that prints figures.
with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
),

three_public as (
    select * from lines where table_kind = 'three_public' and item_role = 'detail'
),

three_public_sums as (
    select
        document_id, 'three_public_items_vs_total' as rule_id,
        vehicle_total as expected,
        {{ sum_or_null('vehicle_purchase', 'vehicle_operation') }} as observed,
        2 as terms, source_location as location,
        concat(coalesce(block_label || ': ', ''), '公务用车购置及运行费 小计 vs 购置费 + 运行费') as subject
    from three_public
    where vehicle_total is not null and (vehicle_purchase is not null or vehicle_operation is not null)
    union all
    select
        document_id, 'three_public_items_vs_total',
        total,
        coalesce(overseas_travel, 0) + coalesce(vehicle_purchase, 0) + coalesce(vehicle_operation, 0) + coalesce(reception, 0),
        4, source_location,
        concat(coalesce(block_label || ': ', ''), '“三公”经费合计 vs 出国 + 公务用车购置 + 运行 + 接待')
    from three_public
    where total is not null
        and (overseas_travel is not null or vehicle_purchase is not null or vehicle_operation is not null or reception is not null)
),

no_data_notes as (
    select
        document_id, 'three_public_note_no_data' as rule_id,
        cast(null as decimal(20, 6)) as expected, cast(null as decimal(20, 6)) as observed, 0 as terms,
        min(source_location) as location,
        concat('the note says "', regexp_extract(any_value(table_notes), '[^。\n]*无数据[^。\n]*'), '" but the table prints ',
            max(greatest(coalesce(total, 0), coalesce(vehicle_operation, 0), coalesce(reception, 0), coalesce(overseas_travel, 0))),
            ' among its figures') as subject
    from three_public
    where table_notes like '%无数据%'
    group by document_id
    having bool_or(coalesce(total, 0) <> 0 or coalesce(vehicle_operation, 0) <> 0 or coalesce(reception, 0) <> 0
        or coalesce(overseas_travel, 0) <> 0 or coalesce(vehicle_purchase, 0) <> 0)
)

select * from three_public_sums
union all
select * from no_data_notes
