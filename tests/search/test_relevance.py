"""Relevance over the demo catalogue: 40+ worker-style queries, the expected course in the top 3 (recall@3 >= 0.95)."""

import io

import pytest
from django.core.management.color import no_style
from django.db import transaction

from search.services import rebuild_index, search_params

# (query as a worker types it, expected title)
QUERIES = [
    # without diacritics
    ("ky nang so", "Kỹ năng số cơ bản cho công nhân"),
    ("han dien", "Hàn điện cơ bản"),
    ("an toan lao dong", "An toàn vệ sinh lao động"),
    ("luat lao dong", "Luật Lao động 2019 và quyền lợi người lao động"),
    ("tieng anh nha may", "Tiếng Anh giao tiếp trong nhà máy"),
    ("excel", "Tin học văn phòng: Word và Excel cho tổ trưởng sản xuất"),
    ("hop dong lao dong", "Hợp đồng lao động: ký kết, thực hiện và chấm dứt"),
    ("bao hiem xa hoi", "Bảo hiểm xã hội và bảo hiểm thất nghiệp cho công nhân"),
    ("bao hiem that nghiep", "Bảo hiểm xã hội và bảo hiểm thất nghiệp cho công nhân"),
    ("cong doan co so", "Công đoàn cơ sở và thỏa ước lao động tập thể"),
    ("luat giao thong", "Luật Giao thông đường bộ cho người đi xe máy"),
    ("quay roi tinh duc", "Phòng chống quấy rối tình dục tại nơi làm việc"),
    ("tien luong lam them gio", "Pháp luật về tiền lương, làm thêm giờ và nghỉ phép"),
    ("dien cong nghiep", "Điện công nghiệp: lắp đặt và sửa chữa tủ điện"),
    ("may tien cnc", "Vận hành máy tiện CNC"),
    ("le tan khach san", "Nghiệp vụ lễ tân khách sạn"),
    ("nau an", "Kỹ thuật chế biến món ăn Việt Nam"),
    ("sua xe may", "Bảo dưỡng và sửa chữa xe máy"),
    ("lam viec nhom", "Kỹ năng giao tiếp và làm việc nhóm trong nhà máy"),
    ("tai chinh ca nhan", "Quản lý tài chính cá nhân cho công nhân"),
    ("so cap cuu", "Sơ cấp cứu tại nơi làm việc"),
    ("suc khoe sinh san", "Chăm sóc sức khỏe sinh sản cho lao động nữ"),
    ("cang thang", "Kiểm soát căng thẳng và cân bằng công việc - cuộc sống"),
    ("nuoi day con", "Nuôi dạy con khi bố mẹ làm ca"),
    ("dich vu cong truc tuyen", "Sử dụng dịch vụ công trực tuyến và VNeID"),
    ("vneid", "Sử dụng dịch vụ công trực tuyến và VNeID"),
    ("lua dao truc tuyen", "Nhận diện lừa đảo trực tuyến và bảo vệ dữ liệu cá nhân"),
    ("thanh toan khong dung tien mat", "Thanh toán không dùng tiền mặt an toàn trên điện thoại"),
    ("tri tue nhan tao", "Ứng dụng trí tuệ nhân tạo trong công việc hằng ngày"),
    ("ban hang truc tuyen", "Bán hàng trực tuyến trên sàn thương mại điện tử"),
    ("tieng han", "Tiếng Hàn sơ cấp cho người lao động đi làm việc tại Hàn Quốc"),
    ("tieng nhat", "Tiếng Nhật giao tiếp cơ bản cho thực tập sinh"),
    ("tieng trung", "Tiếng Trung giao tiếp trong thương mại"),
    ("thuat ngu co khi", "Thuật ngữ tiếng Anh chuyên ngành cơ khí"),
    ("lich su cong doan", "Lịch sử và truyền thống Công đoàn Việt Nam"),
    ("phan loai rac", "Bảo vệ môi trường và phân loại rác tại nguồn"),
    ("phong chay chua chay", "Phòng cháy chữa cháy tại khu nhà trọ công nhân"),
    ("khoi nghiep", "Khởi nghiệp kinh doanh nhỏ khi trở về quê"),
    ("van hoa doanh nghiep", "Văn hóa doanh nghiệp và tác phong công nghiệp"),
    ("tiet kiem dien nuoc", "Tiết kiệm điện và nước trong gia đình"),
    # with diacritics, or in capitals
    ("kỹ năng số", "Kỹ năng số cơ bản cho công nhân"),
    ("hàn điện", "Hàn điện cơ bản"),
    ("Luật Lao động", "Luật Lao động 2019 và quyền lợi người lao động"),
    ("tiếng anh lễ tân", "Tiếng Anh cho nhân viên lễ tân và buồng phòng"),
    ("PHÒNG CHÁY", "Phòng cháy chữa cháy tại khu nhà trọ công nhân"),
    ("trí tuệ nhân tạo", "Ứng dụng trí tuệ nhân tạo trong công việc hằng ngày"),
    # with one typo
    ("an toan lao dogn", "An toàn vệ sinh lao động"),
    ("ky nang sô", "Kỹ năng số cơ bản cho công nhân"),
    ("tieng nhatt", "Tiếng Nhật giao tiếp cơ bản cho thực tập sinh"),
    ("khoi nghiepp", "Khởi nghiệp kinh doanh nhỏ khi trở về quê"),
    ("phong chay chua chya", "Phòng cháy chữa cháy tại khu nhà trọ công nhân"),
    ("bao duong xe mya", "Bảo dưỡng và sửa chữa xe máy"),
    ("thanh toan dien thaoi", "Thanh toán không dùng tiền mặt an toàn trên điện thoại"),
    # multi-word, the way people ask
    ("hoc excel word cho to truong", "Tin học văn phòng: Word và Excel cho tổ trưởng sản xuất"),
    ("tieng han di lam viec han quoc", "Tiếng Hàn sơ cấp cho người lao động đi làm việc tại Hàn Quốc"),
    ("quyen loi nguoi lao dong", "Luật Lao động 2019 và quyền lợi người lao động"),
]


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker):
    from courses.demo import seed

    with django_db_blocker.unblock(), transaction.atomic():
        seed(io.StringIO(), no_style())
        rebuild_index()
        yield
        transaction.set_rollback(True)


def test_recall_at_3_over_the_demo_catalogue(demo_catalogue, db, capsys):
    assert len(QUERIES) >= 40
    misses = []
    for q, expected in QUERIES:
        found = [hit.title for hit in search_params({"q": q}, per_page=3, facets=False).hits]
        if expected not in found:
            misses.append((q, expected, found))
    recall = 1 - len(misses) / len(QUERIES)
    with capsys.disabled():
        print(f"\nsearch relevance: recall@3 = {recall:.3f} over {len(QUERIES)} queries")
        for q, expected, found in misses:
            print(f"  miss: {q!r} expected {expected!r}, got {found}")
    assert recall >= 0.95
