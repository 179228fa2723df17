with source as (
    select * from {{ source('raw', 'department_lineage') }}
)

select
    seed_row,
    predecessor_department_id,
    predecessor_key,
    successor_department_id,
    successor_key,
    year as successor_from_year
from source
