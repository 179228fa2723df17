-- Every figure in 万元: exact decimal arithmetic, per the unit its own table prints; a table
-- whose unit is unknown (none printed, none settled by the document) gives NULL, never 万元.
with values_printed as (
    select * from {{ ref('stg_raw__line_item_values') }}
),

tables as (
    select document_id, table_no, amount_unit from {{ ref('stg_raw__tables') }}
),

converted as (
    select
        values_printed.*,
        tables.amount_unit,
        {{ in_wan('values_printed.amount_printed_unit', 'tables.amount_unit') }} as amount
    from values_printed
    inner join tables using (document_id, table_no)
)

select * from converted
