"""Load the learning areas, levels and the digital competence framework of Thông tư 02/2025/TT-BGDĐT."""

from django.db import migrations

LEARNING_AREAS = [
    # code, Vietnamese, English, QĐ 1268 indicator area
    ("politics_law", "Chính trị, pháp luật", "Politics and law", True),
    ("vocational", "Kỹ năng nghề nghiệp", "Vocational skills", True),
    ("life_skills", "Kỹ năng sống", "Life skills", True),
    ("digital", "Công nghệ thông tin, công nghệ số", "IT and digital skills", True),
    ("foreign_language", "Ngoại ngữ", "Foreign languages", False),
    ("general", "Kiến thức chung", "General knowledge", False),
]

LEVELS = [
    ("beginner", "Cơ bản", "Beginner"),
    ("intermediate", "Trung cấp", "Intermediate"),
    ("advanced", "Nâng cao", "Advanced"),
]

# (code, Vietnamese, English, DigComp 2.2 code)
DIGITAL_COMPETENCES = [
    ("1", "Khai thác dữ liệu và thông tin", "Information and data literacy", "1"),
    ("1.1", "Duyệt, tìm kiếm và lọc dữ liệu, thông tin và nội dung số", "Browsing, searching and filtering data, information and digital content", "1.1"),
    ("1.2", "Đánh giá dữ liệu, thông tin và nội dung số", "Evaluating data, information and digital content", "1.2"),
    ("1.3", "Quản lý dữ liệu, thông tin và nội dung số", "Managing data, information and digital content", "1.3"),
    ("2", "Giao tiếp và hợp tác trong môi trường số", "Communication and collaboration", "2"),
    ("2.1", "Tương tác thông qua công nghệ số", "Interacting through digital technologies", "2.1"),
    ("2.2", "Chia sẻ thông qua công nghệ số", "Sharing through digital technologies", "2.2"),
    ("2.3", "Sử dụng công nghệ số để thực hiện trách nhiệm công dân", "Engaging in citizenship through digital technologies", "2.3"),
    ("2.4", "Hợp tác thông qua công nghệ số", "Collaborating through digital technologies", "2.4"),
    ("2.5", "Quy tắc ứng xử trên mạng", "Netiquette", "2.5"),
    ("2.6", "Quản lý danh tính số", "Managing digital identity", "2.6"),
    ("3", "Sáng tạo nội dung số", "Digital content creation", "3"),
    ("3.1", "Phát triển nội dung số", "Developing digital content", "3.1"),
    ("3.2", "Tích hợp và tạo lập lại nội dung số", "Integrating and re-elaborating digital content", "3.2"),
    ("3.3", "Thực thi bản quyền và giấy phép", "Copyright and licences", "3.3"),
    ("3.4", "Lập trình", "Programming", "3.4"),
    ("4", "An toàn", "Safety", "4"),
    ("4.1", "Bảo vệ thiết bị", "Protecting devices", "4.1"),
    ("4.2", "Bảo vệ dữ liệu cá nhân và quyền riêng tư", "Protecting personal data and privacy", "4.2"),
    ("4.3", "Bảo vệ sức khỏe và an sinh số", "Protecting health and well-being", "4.3"),
    ("4.4", "Bảo vệ môi trường", "Protecting the environment", "4.4"),
    ("5", "Giải quyết vấn đề", "Problem solving", "5"),
    ("5.1", "Giải quyết các vấn đề kỹ thuật", "Solving technical problems", "5.1"),
    ("5.2", "Xác định nhu cầu và giải pháp công nghệ", "Identifying needs and technological responses", "5.2"),
    ("5.3", "Sử dụng sáng tạo công nghệ số", "Creatively using digital technologies", "5.3"),
    ("5.4", "Xác định các vấn đề cần cải thiện về năng lực số", "Identifying digital competence gaps", "5.4"),
    ("6", "Ứng dụng trí tuệ nhân tạo", "Artificial intelligence", ""),
    ("6.1", "Hiểu biết về trí tuệ nhân tạo", "Understanding artificial intelligence", ""),
    ("6.2", "Sử dụng trí tuệ nhân tạo", "Using artificial intelligence", ""),
    ("6.3", "Đánh giá trí tuệ nhân tạo", "Evaluating artificial intelligence", ""),
]


def load(apps, schema_editor):
    LearningArea = apps.get_model("courses", "LearningArea")
    Level = apps.get_model("courses", "Level")
    DigitalCompetence = apps.get_model("courses", "DigitalCompetence")
    for order, (code, name, name_en, indicator) in enumerate(LEARNING_AREAS):
        LearningArea.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "qd1268_indicator": indicator, "sort_order": order}
        )
    for order, (code, name, name_en) in enumerate(LEVELS):
        Level.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})
    domains = {}
    for order, (code, name, name_en, digcomp) in enumerate(DIGITAL_COMPETENCES):
        domain = None if "." not in code else domains[code.split(".")[0]]
        item, _ = DigitalCompetence.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "digcomp_code": digcomp, "domain": domain, "sort_order": order},
        )
        if domain is None:
            domains[code] = item


def unload(apps, schema_editor):
    apps.get_model("courses", "DigitalCompetence").objects.filter(domain__isnull=False).delete()
    apps.get_model("courses", "DigitalCompetence").objects.all().delete()
    apps.get_model("courses", "Level").objects.all().delete()
    apps.get_model("courses", "LearningArea").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
