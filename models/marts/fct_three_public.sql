with items as (
    select * from {{ ref('int_three_public_items') }}
)

select
    document_id,
    fiscal_year,
    phase,
    max(case when item = 'overseas_travel' then amount end) as overseas_travel,
    max(case when item = 'vehicle_purchase' then amount end) as vehicle_purchase,
    max(case when item = 'vehicle_operation' then amount end) as vehicle_operation,
    max(case when item = 'reception' then amount end) as reception,
    max(case when item = 'total' then amount end) as total,
    max(case when item = 'meeting' then amount end) as meeting,
    max(case when item = 'training' then amount end) as training,
    string_agg(item || ': ' || source_location, '; ' order by item) as source_location
from items
group by document_id, fiscal_year, phase
