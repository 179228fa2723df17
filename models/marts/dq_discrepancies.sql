-- The register: every place a document disagrees with itself, and every row or file the
-- pipeline could not read. Rounding gaps are `info`, contradictions in the source `warning`,
-- and `error` means our pipeline could not do its job (an unreadable file, a missing field).
with ingest_issues as (
    select
        document_id,
        rule_id,
        severity,
        cast(null as decimal(20, 6)) as expected,
        cast(null as decimal(20, 6)) as observed,
        cast(null as decimal(20, 6)) as difference,
        concat_ws(', ',
            source_path,
            'line ' || line_no,
            'page ' || page_no,
            'table ' || table_no,
            'row ' || row_no
        ) as location,
        message
    from {{ ref('stg_raw__ingest_issues') }}
),

total_checks as (
    select
        checks.document_id,
        checks.rule_id,
        checks.severity,
        checks.expected,
        checks.observed,
        checks.difference,
        concat_ws(', ', documents.source_path, checks.location) as location,
        checks.message
    from {{ ref('int_function_total_checks') }} as checks
    inner join {{ ref('stg_raw__documents') }} as documents using (document_id)
    where checks.difference <> 0 or (checks.expected is null) <> (checks.observed is null)
),

code_checks as (
    select
        checks.document_id,
        checks.rule_id,
        checks.severity,
        cast(null as decimal(20, 6)) as expected,
        cast(null as decimal(20, 6)) as observed,
        cast(null as decimal(20, 6)) as difference,
        concat_ws(', ', documents.source_path, checks.location) as location,
        checks.message
    from {{ ref('int_code_checks') }} as checks
    inner join {{ ref('stg_raw__documents') }} as documents using (document_id)
)

select * from ingest_issues
union all
select * from total_checks
union all
select * from code_checks
