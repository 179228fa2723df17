"""Header rows -> header paths, on the shapes the samples print (shifted and compressed rows)."""

from ingest.tables.header import column_paths, is_column_numbers, split_header

# data rows: 合计 and one line, 5 code/name columns then 9 amount columns
BODY = [
    ["", "", "", "", "合计", "778.96", "281.65", "260.79", "6.02", "14.84", "", "497.31", "497.31", "", ""],
    ["201", "03", "50", "", "事业运行", "717.88", "220.57", "205.95", "", "14.62", "", "497.31", "497.31", "", ""],
]
LEAVES = [
    "合计",
    "基本支出/小计",
    "基本支出/人员经费/工资福利支出",
    "基本支出/人员经费/对个人和家庭的补助",
    "基本支出/公用经费/商品和服务支出",
    "基本支出/公用经费/资本性支出",
    "项目支出/小计",
    "项目支出/其他运转类",
    "项目支出/特定目标类",
]


def test_second_row_shifted_right_of_its_data() -> None:
    """001 部门支出预算表: the project half of row 2 is printed one cell to the right."""
    header = [
        ["科目编码", "", "", "单位 代码", "单位（科目名称）", "合计", "基本支出", "", "", "", "", "项目支出", "", "", ""],
        ["类", "款", "项", "", "", "", "小计", "人员经费", "", "公用经费", "", "", "小计", "其他运 转类", "特定目标类"],
        ["", "", "", "", "", "", "", "工资福 利支出", "对个人 和家庭 的补助", "商品 和服 务支 出", "资本性 支出", "", "", "", ""],
    ]
    paths, method = column_paths(header, BODY)
    assert method == "grammar"
    assert paths[:5] == ["科目编码/类", "科目编码/款", "科目编码/项", "单位代码", "单位(科目名称)"]
    assert paths[5:14] == LEAVES


def test_lower_row_compressed_to_the_left() -> None:
    """002 一般公共预算支出表: row 3 dropped its blank cells, and row 1 puts 项目支出 one cell left."""
    header = [
        ["科目编码", "", "", "单位代码", "单位（科目名称）", "合计", "基本支出", "", "", "", "项目支出", "", "", ""],
        ["", "", "", "", "", "", "小计", "人员经费", "", "公用经费", "", "小计", "其他运转类", "特定目标类"],
        ["类", "款", "项", "工资福利支出", "对个人和家庭的补助", "商品和服务支出", "", "资本性支出", "", "", "", "", "", ""],
    ]
    paths, method = column_paths(header, [row[:14] for row in BODY])
    assert method == "grammar"
    assert paths[:3] == ["科目编码/类", "科目编码/款", "科目编码/项"]
    assert paths[5:14] == LEAVES


def test_unknown_labels_fall_back_to_positions() -> None:
    header = [
        ["部门预算经济分类", "", "", "政府预算经济分类", "", "", "总计", "专项债券资金", ""],
        ["类", "款", "科目名称", "类", "款", "科目名称", "", "小计", "其中：新增债券"],
    ]
    body = [["301", "01", "基本工资", "505", "01", "工资福利支出", "73.17", "73.17", "73.17"]]
    paths, method = column_paths(header, body)
    assert method == "positional"
    assert paths == [
        "部门预算经济分类/类", "部门预算经济分类/款", "部门预算经济分类/科目名称",
        "政府预算经济分类/类", "政府预算经济分类/款", "政府预算经济分类/科目名称",
        "总计", "专项债券资金/小计", "专项债券资金/其中:新增债券",
    ]  # fmt: skip


def test_column_number_rows() -> None:
    assert is_column_numbers(["栏次", "", "907.94", "栏次", "", "2"])  # 003 prints a value in it
    assert is_column_numbers(["**", "**", "**", "**", "**", "1", "2", "3"])
    assert is_column_numbers([str(i) for i in range(1, 13)])
    assert not is_column_numbers(["1.80", "0.00", "0.00", "0.00", "1.50", "0.3"])
    assert not is_column_numbers(["", "合计", "218.83"])


def test_header_ends_at_first_line_with_figures_or_codes() -> None:
    rows = [
        ["预算数", "", "决算数", ""],
        ["合计", "因公出国（境）费", "合计", "因公出国（境）费"],  # 合计 heads a column here
        ["1", "2", "3", "4"],
        ["1.80", "0.00", "2.56", "0.00"],
    ]
    assert split_header(rows) == (2, [2])
    assert split_header([["项 目", "预算数"], ["1、因公出国（境）费用", ""]]) == (1, [])
