-- One row per line item with its figures as columns (万元) and where it was printed.
{%- set fields = [
    'amount_total', 'amount_basic', 'amount_personnel', 'amount_public', 'amount_wages_benefits',
    'amount_household_transfers', 'amount_goods_services', 'amount_capital', 'amount_project',
    'amount', 'amount_2', 'amount_3', 'amount_4', 'amount_5', 'amount_6', 'amount_project_general', 'amount_project_special',
    'amount_project_operating', 'amount_project_targeted', 'amount_project_personnel', 'amount_project_other',
    'amount_general_public', 'amount_fiscal_grant', 'amount_gov_fund', 'amount_soe',
    'amount_reserve', 'amount_remit_upper', 'amount_operating', 'amount_subsidy_affiliates',
    'amount_carry_forward', 'amount_prior_balance',
    'income_year_total', 'income_general_public', 'income_fiscal_grant', 'income_superior', 'income_business',
    'income_operating', 'income_affiliated', 'income_other',
    'total', 'grand_total', 'overseas_travel', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'reception',
    'meeting', 'training', 'operating_expenses'
] %}
with items as (
    select * from {{ ref('stg_raw__line_items') }}
),

tables as (
    select * from {{ ref('stg_raw__tables') }}
),

table_rows as (
    select document_id, table_no, row_no, line_no, page_no from {{ ref('stg_raw__table_rows') }}
),

documents as (
    select * from {{ ref('int_documents_filed') }}
),

figures as (
    select
        document_id,
        table_no,
        row_no,
        block_no,
        {%- for f in fields %}
        max(case when field = '{{ f }}' then amount end) as {{ f }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_line_item_values_converted') }}
    group by all
),

joined as (
    select
        items.*,
        tables.table_kind,
        tables.table_family,
        tables.table_title,
        tables.amount_unit,
        tables.notes as table_notes,
        table_rows.line_no,
        table_rows.page_no,
        documents.department_id,
        documents.fiscal_year,
        documents.document_kind,
        documents.document_phase,
        concat(
            'line ', table_rows.line_no,
            coalesce(', page ' || table_rows.page_no, ''),
            ', table ', items.table_no, ' "', tables.table_title, '"',
            ', row ', items.row_no,
            case when items.block_no > 0 then ', block ' || items.block_no else '' end
        ) as source_location,
        {%- for f in fields %}
        figures.{{ f }}{{ ',' if not loop.last }}
        {%- endfor %}
    from items
    inner join tables using (document_id, table_no)
    inner join table_rows using (document_id, table_no, row_no)
    inner join documents using (document_id)
    left join figures using (document_id, table_no, row_no, block_no)
)

select * from joined
