-- One row per department (in a document or in the lineage seed) with the lineage it belongs to:
-- the connected component of predecessor → successor links, named by its smallest department_id.
with recursive
documents as (
    select distinct department_id from {{ ref('int_documents_filed') }} where department_id is not null
),

links as (
    select predecessor_department_id as a, successor_department_id as b from {{ ref('stg_raw__department_lineage') }}
    union
    select successor_department_id, predecessor_department_id from {{ ref('stg_raw__department_lineage') }}
),

nodes as (
    select department_id from documents
    union
    select a from links
),

reach (department_id, member) as (
    select department_id, department_id from nodes
    union
    select reach.department_id, links.b
    from reach
    inner join links on links.a = reach.member
)

select
    department_id,
    min(member) as lineage_id,
    count(*) as lineage_size
from reach
group by department_id
