-- One row per figure stated in a document's prose (情况说明), with its sentence and line. The
-- phase is what the wording states (年初预算, 全年预算, 决算) or else the document's own. An
-- item of a 决算 named by 类/款/项 gets the function code those names determine in the code list
-- (seeds/function_codes.csv), when exactly one code fits.
with figures as (
    select * from {{ ref('stg_raw__prose_figures') }}
),

documents as (
    select document_id, source_path, fiscal_year, document_phase, filing_id, table_count from {{ ref('int_documents_filed') }}
),

filing_tables as (
    -- a disclosure published as a prose file and a tables file: the prose is checked against the tables file
    select filing_id, min(document_id) as tables_document_id
    from documents
    where table_count > 0 and filing_id is not null
    group by filing_id
),

codes as (
    select * from {{ ref('function_codes') }}
),

named_items as (
    select
        figures.document_id,
        figures.line_no,
        figures.figure,
        documents.fiscal_year,
        split_part(figures.subject, '|', 1) as class_name,
        split_part(figures.subject, '|', 2) as item_name,
        split_part(figures.subject, '|', 3) as sub_name
    from figures
    inner join documents using (document_id)
    where figures.figure in ('item_budget', 'item_actual')
),

fits as (
    select distinct named_items.document_id, named_items.line_no, named_items.figure, sub.function_code
    from named_items
    inner join codes as cls
        on cls.level = '类' and {{ comparable_name('cls.function_name') }} = {{ comparable_name('named_items.class_name') }}
    inner join codes as itm
        on itm.level = '款' and itm.parent_code = cls.function_code
        and {{ comparable_name('itm.function_name') }} = {{ comparable_name('named_items.item_name') }}
    inner join codes as sub
        on sub.level = '项' and sub.parent_code = itm.function_code
        and {{ comparable_name('sub.function_name') }} = {{ comparable_name('named_items.sub_name') }}
    where coalesce(named_items.fiscal_year between coalesce(cls.valid_from_year, 0) and coalesce(cls.valid_to_year, 9999), true)
),

resolved as (
    select document_id, line_no, figure, case when count(*) = 1 then any_value(function_code) end as function_code
    from fits
    group by all
)

select
    figures.document_id,
    figures.figure,
    coalesce(nullif(figures.stated_phase, 'document'), documents.document_phase) as phase,
    figures.subject,
    resolved.function_code,
    figures.amount,
    figures.unit,
    figures.percent,
    figures.percent_decimals,
    figures.decimals_printed,
    figures.sentence,
    figures.line_no,
    concat(documents.source_path, ', line ', figures.line_no) as source_location,
    case when documents.table_count > 0 then documents.document_id else filing_tables.tables_document_id end as tables_document_id
from figures
inner join documents using (document_id)
left join filing_tables using (filing_id)
left join resolved using (document_id, line_no, figure)
