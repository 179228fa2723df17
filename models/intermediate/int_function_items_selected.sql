-- The ONE function table per document that feeds the facts (部门支出表, else 一般公共预算支出表),
-- its printed lines, and which of them are 类/款 subtotals (a longer code of the same 类 is printed).
with items as (
    select * from {{ ref('int_line_items_pivoted') }}
    where table_kind in ('expenditure', 'general_public_expenditure')
),

source_table as (
    select document_id, table_no
    from items
    where item_role = 'detail'
    group by document_id, table_no, table_kind
    qualify row_number() over (
        partition by document_id
        order by case table_kind when 'expenditure' then 1 else 2 end, table_no
    ) = 1
),

selected as (
    select items.*
    from items
    inner join source_table using (document_id, table_no)
),

flagged as (
    select
        selected.*,
        selected.item_role = 'detail'
        and selected.code is not null
        and exists (
            select 1
            from selected as finer
            where finer.document_id = selected.document_id
              and finer.item_role = 'detail'
              and coalesce(finer.unit_code, '') = coalesce(selected.unit_code, '')
              and length(finer.code) > length(selected.code)
              and left(finer.code, 3) = left(selected.code, 3)
        ) as is_subtotal
    from selected
)

select * from flagged
