{#- A printed name as a comparison key: full-width brackets folded, whitespace removed. -#}
{%- macro comparable_name(column) -%}
    regexp_replace(replace(replace({{ column }}, '（', '('), '）', ')'), '\s', '', 'g')
{%- endmacro %}
