"""Both seeds checked together: the exact set of error-level findings — every one a real mistake in
the published documents (see the issue notes for the verdict on each)."""

from jixiao.checks import run_checks

EXPECTED_ERRORS = {
    # 2022 部门决算: the narrative's 自评综述 uses 年初预算数 where the form's 全年预算数 is the adjusted one
    ("002", 603, "narrative-selfeval-mismatch"),  # 法律职业资格考试费 120 vs 4.4586
    ("002", 607, "narrative-selfeval-mismatch"),  # 惠企法律服务费 100 vs 50
    ("002", 609, "narrative-selfeval-mismatch"),  # 警用服装费 546.31 vs 499.9735
    # self-evaluation forms whose weights and scores do not reach their 小计 / labels
    ("002", 775, "selfeval-weight-mismatch"),  # 法律培训费 rows 80, 小计 90
    ("002", 775, "selfeval-score-sum-mismatch"),
    ("002", 811, "selfeval-weight-mismatch"),  # 法律职业资格考试费: 30-point row under 满意度 (10分)
    ("002", 813, "selfeval-weight-mismatch"),
    ("002", 855, "selfeval-weight-mismatch"),  # 法治专项业务费 rows 60, 小计 90
    ("002", 855, "selfeval-score-sum-mismatch"),
    ("002", 970, "selfeval-weight-mismatch"),  # 普法: 产出指标 (30分) over rows worth 50
    ("002", 980, "selfeval-weight-mismatch"),  # 普法: 效益指标 (10分) over a 30-point row
    ("002", 1023, "selfeval-weight-mismatch"),  # 指挥中心 rows 90, 小计 100
    ("002", 1023, "selfeval-score-sum-mismatch"),
    # the finance evaluation report
    ("002", 1494, "evaluation-rate-mismatch"),  # 效益 25.40 ÷ 26 = 97.69%, printed 97.70%
    ("002", 1922, "evaluation-rate-mismatch"),
    ("002", 1640, "evaluation-text-contradicts"),  # "扣 3 分，得分率为 100%"
    ("002", 1832, "evaluation-text-mismatch"),  # 1478.20 万元 in the text, 8964.65 万元 in the table
    # 2023 绩效目标表, project 3 法治专项业务费
    ("000", 233, "goal-plan-falls"),  # 10月底 150.00 → 12月底 108.40
    ("000", 233, "goal-plan-end-mismatch"),  # ends at 108.40, budget 208.40
    ("000", 248, "goal-cost-exceeds-budget"),  # ≤228.4万元 against a budget of 208.40
}


def test_exact_errors_on_both_seeds(goals_doc, accounts_doc):
    report = run_checks([goals_doc, accounts_doc])
    errors = {
        ("000" if "000_" in f.source.path else "002", f.source.line, f.code)
        for f in report.findings
        if f.severity == "error"
    }
    assert errors == EXPECTED_ERRORS
    assert report.summary["error"] == len(EXPECTED_ERRORS)
