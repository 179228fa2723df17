-- The register: every place a document disagrees with itself, and every row or file the
-- pipeline could not read. Each rule's severity and tolerance are defined once, in
-- seeds/dq_rules.csv: a gap within the tolerance of a `rounding` rule (0.01 × the rows summed)
-- is `info`; `error` means our pipeline could not do its job (an unreadable file, a missing field).
-- Severity is the rule's, from the seed only; a rule id the seed does not define fails the build
-- (the relationships test on rule_id). The last model: it reads every check model (models/checks/,
-- one per rule family) and is published with the marts.
{{ config(schema='marts', materialized='table') }}
with rules as (
    select * from {{ ref('dq_rules') }}
),

documents as (
    select document_id, source_path from {{ ref('stg_raw__documents') }}
),

ingest_issues as (
    select
        document_id,
        rule_id,
        cast(null as decimal(20, 6)) as expected,
        cast(null as decimal(20, 6)) as observed,
        0 as terms,
        concat_ws(', ',
            source_path,
            'line ' || line_no,
            'page ' || page_no,
            'table ' || table_no,
            'row ' || row_no,
            'column ' || (col_no + 1)
        ) as location,
        message
    from {{ ref('stg_raw__ingest_issues') }}
),

checks as (
    {%- for model in ['chk_within_table', 'chk_across_tables', 'chk_table_vs_prose', 'chk_codes', 'chk_three_public'] %}
    select document_id, rule_id, expected, observed, terms, location, subject from {{ ref(model) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

disagreeing as (
    select
        checks.document_id,
        checks.rule_id,
        checks.expected,
        checks.observed,
        checks.terms,
        concat_ws(', ', documents.source_path, checks.location) as location,
        case
            when checks.expected is null and checks.observed is null then checks.subject
            else concat(checks.subject, ': expected ', coalesce(cast(checks.expected as varchar), 'blank'),
                ', printed ', coalesce(cast(checks.observed as varchar), 'blank'))
        end as message
    from checks
    inner join documents using (document_id)
    where (checks.expected is null and checks.observed is null and checks.terms = 0)
        or checks.expected <> checks.observed
        or (checks.expected is null) <> (checks.observed is null)
),

registered as (
    select * from ingest_issues
    union all
    select * from disagreeing
)

select
    registered.document_id,
    registered.rule_id,
    case
        when rules.tolerance = 'rounding'
            and abs(coalesce(registered.observed, 0) - coalesce(registered.expected, 0)) <= 0.01 * registered.terms
            and registered.expected is not null and registered.observed is not null
            then 'info'
        else rules.severity
    end as severity,
    cast(registered.expected as decimal(20, 6)) as expected,
    cast(registered.observed as decimal(20, 6)) as observed,
    cast(registered.observed - registered.expected as decimal(20, 6)) as difference,
    registered.location,
    registered.message
from registered
left join rules using (rule_id)
