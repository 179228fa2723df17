-- A model's grain, as its description states it: no two rows share these columns (NULL counts
-- as a value, so a row missing a key part cannot hide a duplicate).
{% test unique_grain(model, columns) %}
select {{ columns | join(', ') }}, count(*) as rows_sharing_grain
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
