-- One row per project code printed in a 项目绩效目标表, with the name beside it (the only table
-- that prints project codes; they are joined to the 项目支出表 by name).
select
    document_id,
    code as project_code,
    printed_name as project_name,
    name_key,
    series_key,
    source_location
from {{ ref('int_line_items_pivoted') }}
where table_family = 'performance' and item_role = 'detail'
qualify row_number() over (partition by document_id, name_key order by table_no, row_no) = 1
