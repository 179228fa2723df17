{{ config(severity='error') }}
-- Pipeline fault check: every function fact must carry exactly the figure its row prints — the
-- printed cell's text (raw.table_rows), not the amount the reader parsed from it — converted to
-- 万元 by the facts' own conversion (the in_wan macro); and every printed finest-code line of the
-- source table must be a fact. A failure means OUR rows are wrong.
with facts as (
    select * from {{ ref('fct_expenditure_by_function') }}
),

printed as (
    select
        v.document_id,
        v.table_no,
        v.row_no,
        v.field,
        -- the cell the figure was read from; a figure placed by the table's arithmetic (no column) its own text
        {{ in_wan("try_cast(regexp_replace(coalesce(r.cells[v.col_no + 1], v.printed_text), '[\\s,]', '', 'g') as decimal(20, 6))",
                  't.amount_unit') }} as amount
    from {{ ref('stg_raw__line_item_values') }} as v
    inner join {{ ref('stg_raw__tables') }} as t using (document_id, table_no)
    inner join {{ ref('stg_raw__table_rows') }} as r using (document_id, table_no, row_no)
    where v.field in ('amount_total', 'amount_basic', 'amount_project')
),

fact_figures as (
    select document_id, table_no, row_no, 'amount_total' as field, amount_total as amount from facts
    union all
    select document_id, table_no, row_no, 'amount_basic', amount_basic from facts
    union all
    select document_id, table_no, row_no, 'amount_project', amount_project from facts
),

mismatched as (
    select fact_figures.*, printed.amount as printed_amount
    from fact_figures
    left join printed using (document_id, table_no, row_no, field)
    where fact_figures.amount is distinct from printed.amount
),

source_tables as (
    select distinct document_id, table_no from facts
),

finest_lines as (
    -- printed detail lines of the source table whose code no longer code of the same 类 extends
    select i.document_id, i.table_no, i.row_no
    from {{ ref('stg_raw__line_items') }} as i
    inner join source_tables using (document_id, table_no)
    where i.item_role = 'detail'
      and not exists (
          select 1 from {{ ref('stg_raw__line_items') }} as f
          where f.document_id = i.document_id and f.table_no = i.table_no and f.item_role = 'detail'
            and coalesce(f.unit_code, '') = coalesce(i.unit_code, '')
            and length(f.code) > length(i.code) and left(f.code, 3) = left(i.code, 3)
      )
),

missing as (
    select finest_lines.*, 'line printed but no fact' as field, null as amount, null as printed_amount
    from finest_lines
    left join facts using (document_id, table_no, row_no)
    where facts.document_id is null
)

select document_id, table_no, row_no, field, amount, printed_amount from mismatched
union all
select document_id, table_no, row_no, field, amount, printed_amount from missing
