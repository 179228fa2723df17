{{ config(severity='warn') }}
-- Source check: the contradictions a document has with itself (warnings of dq_discrepancies, other
-- than what the reader could not read). A warning, never a build failure: they are the register.
select q.*
from {{ ref('dq_discrepancies') }} as q
inner join {{ ref('dq_rules') }} as r using (rule_id)
where q.severity = 'warning' and r.category <> 'reader'
