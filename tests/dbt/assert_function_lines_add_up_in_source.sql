{{ config(severity='warn') }}
-- Source check: where a document's function table prints a 合计 its own lines do not add up to
-- (beyond rounding), the document contradicts itself. A warning: it lands in dq_discrepancies.
select *
from {{ ref('int_function_total_checks') }}
where severity = 'warning'
