-- 三公 figures per document × phase × item. A blank cell stays NULL unless the prose states the
-- item as zero (budget documents) or the table is printed empty under a 无数据 note: then 0,
-- and the location says where the zero comes from.
{%- set items_list = ['total', 'overseas_travel', 'vehicle_purchase', 'vehicle_operation', 'reception', 'meeting', 'training'] %}
with lines as (
    select * from {{ ref('int_line_items_pivoted') }}
    where table_kind = 'three_public' and item_role = 'detail'
),

-- a 三公 table printed with its header only (no line at all): its items are blank
empty_tables as (
    select
        tables.document_id, documents.document_kind, documents.document_phase, documents.fiscal_year,
        cast(null as varchar) as block_label, tables.notes as table_notes,
        concat('line ', tables.title_line, coalesce(', page ' || tables.page_no, ''),
            ', table ', tables.table_no, ' "', tables.table_title, '" (printed without lines)') as source_location,
        tables.title_line as line_no
    from {{ ref('stg_raw__tables') }} as tables
    inner join {{ ref('int_documents_filed') }} as documents using (document_id)
    where tables.table_kind = 'three_public'
        and not exists (
            select 1 from lines
            where lines.document_id = tables.document_id and lines.table_no = tables.table_no
        )
),

unpivoted as (
    {%- for item in items_list %}
    select
        document_id, document_kind, document_phase, fiscal_year, block_label, table_notes, source_location, line_no,
        '{{ item }}' as item,
        {{ item }} as amount
    from lines
    union all
    select
        document_id, document_kind, document_phase, fiscal_year, block_label, table_notes, source_location, line_no,
        '{{ item }}' as item,
        cast(null as decimal(20, 6)) as amount
    from empty_tables
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

phased as (
    select
        *,
        case
            when block_label like '%决算%' then 'actual'
            when block_label like '%预算%' and document_kind = 'final_account' then 'adjusted_budget'
            when block_label like '%预算%' then 'budget'
            else document_phase
        end as phase
    from unpivoted
),

per_item as (
    select
        document_id,
        phase,
        document_phase,
        fiscal_year,
        item,
        max(amount) as amount,
        count(amount) as printed_figures,
        bool_or(table_notes like '%无数据%') as noted_no_data,
        string_agg(distinct source_location, '; ') as source_location
    from phased
    group by all
),

document_has_figures as (
    select document_id, bool_or(amount is not null) as table_has_figures
    from per_item
    group by document_id
),

prose_zero as (
    select document_id, replace(figure, 'three_public_', '') as item, min(line_no) as prose_line
    from {{ ref('stg_raw__prose_figures') }}
    where figure like 'three_public_%' and amount = 0 and stated_phase in ('document', 'budget')
    group by all
),

filled as (
    select
        per_item.document_id,
        per_item.phase,
        per_item.fiscal_year,
        per_item.item,
        case
            when per_item.amount is not null then per_item.amount
            when per_item.phase = 'budget' and prose_zero.prose_line is not null then cast(0 as decimal(20, 6))
            when per_item.noted_no_data and not document_has_figures.table_has_figures then cast(0 as decimal(20, 6))
        end as amount,
        case
            when per_item.amount is not null then per_item.source_location
            when per_item.phase = 'budget' and prose_zero.prose_line is not null
                then per_item.source_location || ' (blank; 0 stated in the prose, line ' || prose_zero.prose_line || ')'
            when per_item.noted_no_data and not document_has_figures.table_has_figures
                then per_item.source_location || ' (blank; the table note says 无数据)'
            else per_item.source_location || ' (blank)'
        end as source_location
    from per_item
    inner join document_has_figures using (document_id)
    left join prose_zero
        on prose_zero.document_id = per_item.document_id
        and prose_zero.item = per_item.item
)

select * from filled
