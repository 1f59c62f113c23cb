"""The default criteria and indicator targets (DESIGN.md, "The programmes it serves"), loaded by a data migration
and by tests after a flush. Plain data, so that the migration and the tests load exactly the same thing."""

CRITERIA = {
    "name": "Công dân học tập / Đơn vị học tập (QĐ 677, QĐ 324/QĐ-KHVN, TT 24/2023)",
    "year": 2021,
    "source": "QĐ 677/QĐ-TTg, QĐ 324/QĐ-KHVN, QĐ 387/QĐ-TTg, Thông tư 24/2023/TT-BGDĐT",
    "pass_total": 80,
    "min_indicator": 5,
    "level1_share": 90,
    "level2_share": 95,
    "school_level1_share": 95,
    "school_level2_share": 97,
    "validity_years": 3,
    "level2_after_years": 1,
}

C1 = "Tự học và học tập suốt đời"
C2 = "Sử dụng công cụ tương tác"
C3 = "Quan hệ xã hội"

# code, competence, name, evidence asked for, rule, rule parameters
INDICATORS = [
    (
        "1.1",
        C1,
        "Đọc sách, báo, cập nhật thông tin",
        "Sách, báo đã đọc; khóa học chính trị, pháp luật, kiến thức chung",
        "area_completions",
        {"areas": ["politics_law", "general"], "per_completion": 3},
    ),
    (
        "1.2",
        C1,
        "Có kế hoạch học tập cá nhân gắn với công việc hoặc chương trình bắt buộc",
        "Kế hoạch học tập; các khóa đã đăng ký và số giờ học trong năm",
        "learning_plan",
        {"per_enrolment": 2, "hours_per_point": 4},
    ),
    (
        "1.3",
        C1,
        "Tham gia hoạt động thư viện, câu lạc bộ, hội thảo",
        "Thẻ thư viện, giấy mời, xác nhận tham gia",
        "",
        {},
    ),
    ("1.4", C1, "Vận động gia đình, đồng nghiệp học tập", "Xác nhận của tổ, công đoàn", "", {}),
    (
        "2.1",
        C2,
        "Sử dụng công nghệ thông tin theo yêu cầu công việc",
        "Chứng chỉ, khóa học công nghệ số và mức năng lực số đạt được",
        "digital_competence",
        {"areas": ["digital"], "level_points": {"basic": 3, "intermediate": 4, "advanced": 5, "specialised": 5}},
    ),
    (
        "2.2",
        C2,
        "Sử dụng ngoại ngữ theo yêu cầu công việc",
        "Chứng chỉ, khóa học ngoại ngữ",
        "area_completions",
        {"areas": ["foreign_language"], "per_completion": 4},
    ),
    ("2.3", C2, "Vận dụng kiến thức toán học trong công việc", "Nhận xét của người quản lý", "", {}),
    ("2.4", C2, "Tư duy phản biện, sáng tạo", "Sáng kiến, đề xuất cải tiến", "", {}),
    ("3.1", C3, "Quan hệ thân thiện, không xung đột", "Nhận xét của tập thể", "", {}),
    (
        "3.2",
        C3,
        "Hợp tác, chia sẻ trong công việc",
        "Nhận xét của tập thể; khóa học kỹ năng sống",
        "area_completions",
        {"areas": ["life_skills"], "per_completion": 3},
    ),
]

# code, name, measure, areas, source, {year: target %}
INDICATORS_1268 = [
    (
        "politics_law",
        "Người lao động được học tập chính trị, pháp luật",
        "areas",
        "politics_law",
        "QĐ 1268/QĐ-TTg",
        {2025: 70, 2030: 90},
    ),
    (
        "vocational",
        "Người lao động được học tập kỹ năng nghề nghiệp",
        "areas",
        "vocational",
        "QĐ 1268/QĐ-TTg",
        {2025: 50, 2030: 75},
    ),
    (
        "life_skills",
        "Người lao động được học tập kỹ năng sống",
        "areas",
        "life_skills",
        "QĐ 1268/QĐ-TTg",
        {2025: 50, 2030: 75},
    ),
    (
        "digital",
        "Người lao động được học tập công nghệ thông tin, công nghệ số",
        "areas",
        "digital",
        "QĐ 1268/QĐ-TTg",
        {2025: 40, 2030: 65},
    ),
    ("cdht", "Người lao động đạt danh hiệu Công dân học tập", "cdht", "", "QĐ 1268/QĐ-TTg", {2025: 30, 2030: 50}),
    (
        "union_skills",
        "Người lao động học tập nâng cao trình độ, kỹ năng nghề",
        "areas",
        "vocational,digital,foreign_language",
        "Nghị quyết Đại hội Công đoàn Việt Nam",
        {2025: 65, 2030: 65},
    ),
    ("learning_units", "Đơn vị đạt danh hiệu Đơn vị học tập", "units", "", "QĐ 387/QĐ-TTg", {2025: 80, 2030: 90}),
]


# Short names of the indicators above, for table headings (migration 0007 sets them).
SHORT_NAMES = {
    "politics_law": "Chính trị, pháp luật",
    "vocational": "Kỹ năng nghề nghiệp",
    "life_skills": "Kỹ năng sống",
    "digital": "Công nghệ số",
    "cdht": "Công dân học tập",
    "union_skills": "Nâng cao trình độ, kỹ năng nghề",
    "learning_units": "Đơn vị học tập",
}


def load_short_names(apps, schema_editor=None):
    """Give the default indicators their short names where none was set."""
    Indicator = apps.get_model("recognition", "Indicator")
    for code, short_name in SHORT_NAMES.items():
        Indicator.objects.filter(code=code, short_name="").update(short_name=short_name)


def load(apps, schema_editor=None):
    """Create the national default criteria, the indicators and their 2025 / 2030 targets (when missing)."""
    Criteria = apps.get_model("recognition", "Criteria")
    CriteriaIndicator = apps.get_model("recognition", "CriteriaIndicator")
    Indicator = apps.get_model("recognition", "Indicator")
    IndicatorTarget = apps.get_model("recognition", "IndicatorTarget")
    if not Criteria.objects.filter(issuer__isnull=True, year=CRITERIA["year"]).exists():
        criteria = Criteria.objects.create(**CRITERIA)
        for order, (code, competence, name, hint, rule, params) in enumerate(INDICATORS):
            CriteriaIndicator.objects.create(
                criteria=criteria,
                sort_order=order,
                code=code,
                competence=competence,
                name=name,
                evidence_hint=hint,
                rule=rule,
                rule_params=params,
                max_points=10,
            )
    for order, (code, name, measure, areas, source, targets) in enumerate(INDICATORS_1268):
        indicator, _created = Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "measure": measure, "areas": areas, "source": source, "sort_order": order},
        )
        for year, percent in targets.items():
            IndicatorTarget.objects.get_or_create(
                indicator=indicator, year=year, issuer=None, defaults={"percent": percent}
            )
    # Migration 0002 runs this before the field exists (0007 adds it and sets them); tests reloading after a flush
    # run it with the current model.
    if any(f.name == "short_name" for f in Indicator._meta.get_fields()):
        load_short_names(apps, schema_editor)


def unload(apps, schema_editor=None):
    apps.get_model("recognition", "IndicatorTarget").objects.filter(issuer__isnull=True).delete()
