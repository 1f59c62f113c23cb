"""Demo catalogue: three providers, 39 courses in all six learning areas, lessons, open resources and demo users.

Called by ``manage.py seed_demo`` as ``seed(stdout, style)``; idempotent (a second run changes nothing). The
courses go through the catalogue importer (``courses.importer``), then get outcomes, prerequisites and lessons.

Demo course titles (learning area), used by the search relevance tests:

politics_law
    Luật Lao động 2019 và quyền lợi người lao động
    Hợp đồng lao động: ký kết, thực hiện và chấm dứt
    Bảo hiểm xã hội và bảo hiểm thất nghiệp cho công nhân
    Công đoàn cơ sở và thỏa ước lao động tập thể
    Luật Giao thông đường bộ cho người đi xe máy
    Phòng chống quấy rối tình dục tại nơi làm việc
    Pháp luật về tiền lương, làm thêm giờ và nghỉ phép
vocational
    Hàn điện cơ bản
    An toàn vệ sinh lao động
    Điện công nghiệp: lắp đặt và sửa chữa tủ điện
    Vận hành máy tiện CNC
    Nghiệp vụ lễ tân khách sạn
    Kỹ thuật chế biến món ăn Việt Nam
    Bảo dưỡng và sửa chữa xe máy
life_skills
    Kỹ năng giao tiếp và làm việc nhóm trong nhà máy
    Quản lý tài chính cá nhân cho công nhân
    Sơ cấp cứu tại nơi làm việc
    Chăm sóc sức khỏe sinh sản cho lao động nữ
    Kiểm soát căng thẳng và cân bằng công việc - cuộc sống
    Nuôi dạy con khi bố mẹ làm ca
digital
    Kỹ năng số cơ bản cho công nhân
    Sử dụng dịch vụ công trực tuyến và VNeID
    Nhận diện lừa đảo trực tuyến và bảo vệ dữ liệu cá nhân
    Thanh toán không dùng tiền mặt an toàn trên điện thoại
    Tin học văn phòng: Word và Excel cho tổ trưởng sản xuất
    Ứng dụng trí tuệ nhân tạo trong công việc hằng ngày
    Bán hàng trực tuyến trên sàn thương mại điện tử
foreign_language
    Tiếng Anh giao tiếp trong nhà máy
    Tiếng Anh cho nhân viên lễ tân và buồng phòng
    Tiếng Hàn sơ cấp cho người lao động đi làm việc tại Hàn Quốc
    Tiếng Nhật giao tiếp cơ bản cho thực tập sinh
    Tiếng Trung giao tiếp trong thương mại
    Thuật ngữ tiếng Anh chuyên ngành cơ khí
general
    Lịch sử và truyền thống Công đoàn Việt Nam
    Bảo vệ môi trường và phân loại rác tại nguồn
    Phòng cháy chữa cháy tại khu nhà trọ công nhân
    Khởi nghiệp kinh doanh nhỏ khi trở về quê
    Văn hóa doanh nghiệp và tác phong công nghiệp
    Tiết kiệm điện và nước trong gia đình
"""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.html import escape
from wagtail.rich_text import RichText

from .importer import CatalogueImporter, add_page
from .models import CoursePage, LearningArea, LessonPage, Level, ModulePage, OpenResourcePage, Provider
from .services import editor_group_name, provider_collection, reviewer_group_name, setup_provider

DEMO_PASSWORD = "hoctap-demo"  # noqa: S105 - published demo logins
ADMIN_EMAIL = "admin@hoctap.local"
ADMIN_PASSWORD = "hoctap-admin"  # noqa: S105 - published demo logins
WORKER_PHONE = "0912345678"

BACH_KHOA = "cd-bach-khoa"
DU_LICH = "cd-du-lich-thuong-mai"
CONG_DOAN = "tt-gdnn-cong-doan"

PROVIDERS = [
    {
        "slug": BACH_KHOA,
        "name": "Trường Cao đẳng Kỹ thuật Công nghệ Bách Khoa",
        "short_name": "CĐ Bách Khoa",
        "description": "Đào tạo các nghề cơ khí, điện, điện tử và công nghệ thông tin cho người lao động khu công nghiệp.",
        "website": "https://bachkhoa.hoctap.local",
        "email": "tuyensinh@bachkhoa.hoctap.local",
        "phone": "024 3869 2222",
        "address": "Số 3 ngõ 17 Tạ Quang Bửu, phường Bạch Mai, Hà Nội",
        "users": ("bachkhoa", "Phạm Quang Huy", "Đỗ Thị Minh Ngọc"),
    },
    {
        "slug": DU_LICH,
        "name": "Trường Cao đẳng Nghề Du lịch - Thương mại",
        "short_name": "CĐ Du lịch - Thương mại",
        "description": "Đào tạo nghiệp vụ nhà hàng, khách sạn, bán hàng, ngoại ngữ và kỹ năng mềm.",
        "website": "https://dulich.hoctap.local",
        "email": "daotao@dulich.hoctap.local",
        "phone": "0236 3822 456",
        "address": "Số 145 Nguyễn Văn Linh, phường Thạc Gián, Đà Nẵng",
        "users": ("dulich", "Lê Thị Thu Hà", "Trần Minh Tuấn"),
    },
    {
        "slug": CONG_DOAN,
        "name": "Trung tâm Giáo dục nghề nghiệp Công đoàn",
        "short_name": "TT GDNN Công đoàn",
        "description": "Bồi dưỡng pháp luật lao động, kỹ năng sống và kỹ năng số cho đoàn viên, người lao động.",
        "website": "https://congdoan.hoctap.local",
        "email": "lienhe@congdoan.hoctap.local",
        "phone": "028 3930 1188",
        "address": "Số 14 Cách Mạng Tháng Tám, phường Bến Thành, TP. Hồ Chí Minh",
        "users": ("congdoan", "Nguyễn Văn Thành", "Hoàng Thị Lan Anh"),
    },
]

PRACTICE = [
    "Ghi lại ba điều bạn rút ra từ bài học này và trao đổi với tổ trưởng hoặc đồng nghiệp trong ca làm việc tiếp theo.",
    "Bài học được thiết kế để xem trên điện thoại trong khoảng 15 phút. Bạn có thể dừng lại bất cứ lúc nào và học "
    "tiếp từ chỗ đã dừng.",
    "Nếu còn thắc mắc, hãy gửi câu hỏi cho giảng viên hoặc hỏi trực tiếp cán bộ công đoàn tại doanh nghiệp.",
    "Hãy thử áp dụng ngay nội dung vừa học vào một tình huống cụ thể trong công việc hằng ngày của bạn.",
]


def course(external_id, provider, area, level, hours, title, summary, description, outcomes, prerequisites, tags,
           lessons=None, modules=None, competences="", language="vi"):  # fmt: skip
    return {
        "row": {
            "external_id": external_id,
            "provider": provider,
            "title": title,
            "summary": summary,
            "description": description,
            "learning_area": area,
            "level": level,
            "duration_hours": hours,
            "language": language,
            "tags": tags,
            "digital_competences": competences,
            "outcomes": outcomes,
            "prerequisites": prerequisites,
        },
        "lessons": lessons or [],
        "modules": modules or [],
    }


COURSES = [
    # politics_law -------------------------------------------------------------------------------------------------
    course(
        "CD-PL-01",
        CONG_DOAN,
        "politics_law",
        "beginner",
        "6",
        "Luật Lao động 2019 và quyền lợi người lao động",
        "Những điểm mới của Bộ luật Lao động 2019 mà mỗi công nhân cần biết để tự bảo vệ quyền lợi của mình.",
        "Bộ luật Lao động số 45/2019/QH14 có hiệu lực từ ngày 01/01/2021. Khóa học giải thích bằng ngôn ngữ dễ hiểu "
        "các quy định về hợp đồng, tiền lương, thời giờ làm việc, nghỉ ngơi và kỷ luật lao động.\n\n"
        "Mỗi bài có tình huống thực tế tại doanh nghiệp và câu hỏi tự kiểm tra.",
        [
            "Nêu được các quyền cơ bản của người lao động",
            "Biết cách đọc bảng lương và phiếu chấm công",
            "Biết nơi cần liên hệ khi quyền lợi bị vi phạm",
        ],
        "Không yêu cầu kiến thức trước; biết đọc tiếng Việt.",
        "pháp luật, Bộ luật Lao động, quyền lợi",
        modules=[
            (
                "Phần 1: Quyền và nghĩa vụ",
                [
                    (
                        "Bài 1: Những điểm mới của Bộ luật Lao động 2019",
                        "Bộ luật mới mở rộng phạm vi điều chỉnh sang cả người làm việc không có quan hệ lao động, "
                        "nâng tuổi nghỉ hưu theo lộ trình và cho phép người lao động đơn phương chấm dứt hợp đồng "
                        "mà không cần lý do nếu báo trước đúng thời hạn.",
                    ),
                    (
                        "Bài 2: Quyền và nghĩa vụ của người lao động",
                        "Người lao động có quyền làm việc, tự do lựa chọn việc làm, được trả lương công bằng, được "
                        "bảo đảm an toàn lao động và được tham gia công đoàn. Đồng thời phải chấp hành nội quy và "
                        "thực hiện đúng hợp đồng đã ký.",
                    ),
                ],
            ),
            (
                "Phần 2: Tiền lương và thời giờ làm việc",
                [
                    (
                        "Bài 3: Tiền lương, phụ cấp và lương tối thiểu vùng",
                        "Tiền lương không được thấp hơn mức lương tối thiểu vùng do Chính phủ công bố. Doanh nghiệp "
                        "phải trả lương đúng hạn; nếu chậm từ 15 ngày trở lên phải trả thêm tiền lãi cho người lao động.",
                    ),
                    (
                        "Bài 4: Thời giờ làm việc và nghỉ ngơi",
                        "Thời giờ làm việc bình thường không quá 8 giờ một ngày và 48 giờ một tuần. Người lao động "
                        "được nghỉ hằng năm ít nhất 12 ngày và được nghỉ hưởng nguyên lương vào các ngày lễ, Tết.",
                    ),
                ],
            ),
        ],
    ),
    course(
        "CD-PL-02",
        CONG_DOAN,
        "politics_law",
        "intermediate",
        "4",
        "Hợp đồng lao động: ký kết, thực hiện và chấm dứt",
        "Đọc hiểu từng điều khoản của hợp đồng lao động trước khi ký và biết cách xử lý khi hợp đồng chấm dứt.",
        "Khóa học hướng dẫn phân biệt hợp đồng xác định thời hạn và không xác định thời hạn, các nội dung bắt buộc "
        "trong hợp đồng, thử việc, tạm hoãn và các trường hợp chấm dứt hợp đồng đúng luật.",
        [
            "Phân biệt được các loại hợp đồng lao động",
            "Kiểm tra được các nội dung bắt buộc của hợp đồng",
            "Tính được thời hạn báo trước khi nghỉ việc",
        ],
        "Nên học trước khóa Luật Lao động 2019 và quyền lợi người lao động.",
        "hợp đồng lao động, pháp luật, thử việc",
        lessons=[
            (
                "Bài 1: Các loại hợp đồng và nội dung bắt buộc",
                "Hợp đồng lao động phải có tên, địa chỉ của hai bên, công việc, địa điểm làm việc, thời hạn, mức "
                "lương, chế độ nâng lương, thời giờ làm việc, trang bị bảo hộ và bảo hiểm xã hội.",
            ),
            (
                "Bài 2: Thử việc và tiền lương thử việc",
                "Thời gian thử việc tối đa 60 ngày với công việc cần trình độ cao đẳng trở lên và 6 ngày làm việc "
                "với công việc khác. Lương thử việc ít nhất bằng 85% lương của công việc đó.",
            ),
            (
                "Bài 3: Chấm dứt hợp đồng và trợ cấp thôi việc",
                "Khi đơn phương chấm dứt hợp đồng, người lao động phải báo trước 45 ngày với hợp đồng không xác "
                "định thời hạn. Doanh nghiệp phải thanh toán đầy đủ các khoản trong vòng 14 ngày làm việc.",
            ),
        ],
    ),
    course(
        "CD-PL-03",
        CONG_DOAN,
        "politics_law",
        "beginner",
        "4",
        "Bảo hiểm xã hội và bảo hiểm thất nghiệp cho công nhân",
        "Hiểu các chế độ ốm đau, thai sản, tai nạn lao động, hưu trí và trợ cấp thất nghiệp để không mất quyền lợi.",
        "Khóa học giới thiệu mức đóng, các chế độ được hưởng và thủ tục nhận trợ cấp bảo hiểm xã hội, bảo hiểm "
        "thất nghiệp. Học viên được hướng dẫn tra cứu quá trình đóng bảo hiểm trên ứng dụng VssID.",
        [
            "Kể được các chế độ bảo hiểm xã hội bắt buộc",
            "Tra cứu được quá trình đóng bảo hiểm trên VssID",
            "Biết hồ sơ hưởng trợ cấp thất nghiệp",
        ],
        "Không yêu cầu.",
        "bảo hiểm xã hội, bảo hiểm thất nghiệp, VssID",
        lessons=[
            (
                "Bài 1: Các chế độ bảo hiểm xã hội bắt buộc",
                "Người lao động có hợp đồng từ đủ 1 tháng trở lên phải tham gia bảo hiểm xã hội bắt buộc, gồm các "
                "chế độ ốm đau, thai sản, tai nạn lao động - bệnh nghề nghiệp, hưu trí và tử tuất.",
            ),
            (
                "Bài 2: Trợ cấp thất nghiệp và hỗ trợ học nghề",
                "Trong 3 tháng kể từ ngày nghỉ việc, người lao động nộp hồ sơ tại trung tâm dịch vụ việc làm. Mức "
                "trợ cấp hằng tháng bằng 60% bình quân tiền lương đóng bảo hiểm thất nghiệp của 6 tháng liền kề.",
            ),
        ],
    ),
    course(
        "CD-PL-04",
        CONG_DOAN,
        "politics_law",
        "intermediate",
        "3",
        "Công đoàn cơ sở và thỏa ước lao động tập thể",
        "Vai trò của công đoàn cơ sở trong đối thoại, thương lượng tập thể và bảo vệ người lao động.",
        "Khóa học dành cho đoàn viên và cán bộ công đoàn cơ sở: cách tổ chức đối thoại định kỳ tại nơi làm việc, "
        "chuẩn bị thương lượng và theo dõi việc thực hiện thỏa ước lao động tập thể.",
        [
            "Nêu được quyền và trách nhiệm của công đoàn cơ sở",
            "Chuẩn bị được nội dung đối thoại định kỳ",
            "Đọc hiểu một bản thỏa ước lao động tập thể",
        ],
        "Dành cho đoàn viên công đoàn; nên đã học khóa Luật Lao động 2019.",
        "công đoàn, thỏa ước, đối thoại",
        lessons=[
            (
                "Bài 1: Công đoàn cơ sở làm gì cho người lao động",
                "Công đoàn cơ sở đại diện cho người lao động trong đối thoại với người sử dụng lao động, tham gia "
                "xây dựng quy chế lương thưởng và hỗ trợ đoàn viên khi xảy ra tranh chấp.",
            ),
            (
                "Bài 2: Thương lượng và ký kết thỏa ước lao động tập thể",
                "Thỏa ước lao động tập thể chỉ có giá trị khi có lợi hơn cho người lao động so với quy định của "
                "pháp luật. Dự thảo phải được lấy ý kiến và được quá 50% người lao động tán thành.",
            ),
        ],
    ),
    course(
        "CD-PL-05",
        CONG_DOAN,
        "politics_law",
        "beginner",
        "2",
        "Luật Giao thông đường bộ cho người đi xe máy",
        "Quy tắc giao thông, mức xử phạt mới và cách đi xe máy an toàn trên đường đi làm.",
        "Phần lớn công nhân đi làm bằng xe máy. Khóa học tóm tắt quy tắc nhường đường, tốc độ, nồng độ cồn và "
        "các lỗi thường gặp cùng mức xử phạt theo quy định hiện hành.",
        [
            "Nêu được các quy tắc nhường đường cơ bản",
            "Biết các lỗi vi phạm thường gặp và mức phạt",
            "Đội mũ bảo hiểm và chở hàng đúng quy định",
        ],
        "Không yêu cầu.",
        "giao thông, xe máy, an toàn",
        lessons=[
            (
                "Bài 1: Quy tắc nhường đường và tốc độ",
                "Tại nơi giao nhau không có đèn tín hiệu, xe phải nhường đường cho xe đi đến từ bên phải. Trong khu "
                "dân cư, tốc độ tối đa của xe máy là 50 km/h trên đường đôi và 40 km/h trên đường hai chiều.",
            ),
            (
                "Bài 2: Rượu bia và các lỗi thường gặp",
                "Pháp luật cấm tuyệt đối điều khiển xe khi trong máu hoặc hơi thở có nồng độ cồn. Đã uống rượu bia "
                "thì không lái xe, kể cả sau bữa liên hoan cuối ca.",
            ),
        ],
    ),
    course(
        "CD-PL-06",
        CONG_DOAN,
        "politics_law",
        "beginner",
        "2",
        "Phòng chống quấy rối tình dục tại nơi làm việc",
        "Nhận biết hành vi quấy rối tình dục, quyền của người bị quấy rối và quy trình khiếu nại trong doanh nghiệp.",
        "Bộ luật Lao động 2019 lần đầu định nghĩa quấy rối tình dục tại nơi làm việc. Khóa học giúp người lao động "
        "và tổ trưởng nhận biết, ngăn chặn và xử lý đúng khi có sự việc xảy ra.",
        [
            "Nhận biết được các hình thức quấy rối tình dục",
            "Biết cách hỗ trợ đồng nghiệp bị quấy rối",
            "Nắm được quy trình khiếu nại nội bộ",
        ],
        "Không yêu cầu.",
        "bình đẳng giới, pháp luật, nơi làm việc",
        lessons=[
            (
                "Bài 1: Thế nào là quấy rối tình dục tại nơi làm việc",
                "Quấy rối tình dục có thể bằng lời nói, cử chỉ, hình ảnh hoặc tin nhắn, xảy ra tại nhà xưởng, trên "
                "xe đưa đón, trong chuyến công tác hoặc qua mạng xã hội.",
            ),
            (
                "Bài 2: Lên tiếng và khiếu nại",
                "Người bị quấy rối nên ghi lại thời gian, địa điểm, người chứng kiến và báo cho công đoàn hoặc bộ "
                "phận nhân sự. Doanh nghiệp phải có quy chế và bảo vệ người tố giác.",
            ),
        ],
    ),
    course(
        "CD-PL-07",
        CONG_DOAN,
        "politics_law",
        "intermediate",
        "3",
        "Pháp luật về tiền lương, làm thêm giờ và nghỉ phép",
        "Cách tính tiền lương làm thêm giờ, làm đêm, ngày lễ và số ngày nghỉ phép năm theo quy định.",
        "Khóa học hướng dẫn đọc phiếu lương, tính tiền làm thêm giờ 150%, 200%, 300%, giới hạn số giờ làm thêm "
        "trong tháng, trong năm và cách đề nghị điều chỉnh khi có sai sót.",
        [
            "Tính được tiền lương làm thêm giờ",
            "Biết giới hạn giờ làm thêm theo luật",
            "Kiểm tra được số ngày phép năm còn lại",
        ],
        "Biết làm các phép tính cộng, nhân cơ bản.",
        "tiền lương, làm thêm giờ, nghỉ phép",
        lessons=[
            (
                "Bài 1: Làm thêm giờ và cách tính lương",
                "Làm thêm vào ngày thường được trả ít nhất 150%, ngày nghỉ hằng tuần 200%, ngày lễ, Tết 300% chưa "
                "kể tiền lương ngày lễ. Tổng số giờ làm thêm không quá 40 giờ trong một tháng.",
            ),
            (
                "Bài 2: Nghỉ phép năm và nghỉ việc riêng",
                "Người lao động làm đủ 12 tháng được nghỉ 12 ngày phép, cứ 5 năm làm việc được tăng thêm một ngày. "
                "Kết hôn được nghỉ 3 ngày, con đẻ kết hôn được nghỉ 1 ngày, đều hưởng nguyên lương.",
            ),
        ],
    ),
    # vocational ---------------------------------------------------------------------------------------------------
    course(
        "BK-NGHE-01",
        BACH_KHOA,
        "vocational",
        "beginner",
        "40",
        "Hàn điện cơ bản",
        "Hàn hồ quang tay que hàn thép các bon cho người mới bắt đầu, từ gây hồ quang đến mối hàn góc.",
        "Khóa học kết hợp video thao tác và thực hành tại xưởng: chọn que hàn, điều chỉnh dòng điện, gây hồ quang, "
        "hàn giáp mối và hàn góc ở tư thế hàn bằng. Học viên được hướng dẫn kỹ về an toàn khi hàn.",
        [
            "Chọn được que hàn và dòng điện phù hợp",
            "Thực hiện được mối hàn giáp mối ở tư thế hàn bằng",
            "Tuân thủ các biện pháp an toàn khi hàn",
        ],
        "Sức khỏe tốt, không mắc bệnh về mắt; nên học trước khóa An toàn vệ sinh lao động.",
        "hàn, cơ khí, tay nghề",
        modules=[
            (
                "Phần 1: Chuẩn bị",
                [
                    (
                        "Bài 1: Máy hàn, que hàn và đồ bảo hộ",
                        "Máy hàn hồ quang tay có thể là máy biến áp hoặc máy hàn inverter. Que hàn E6013 phù hợp cho "
                        "người mới học. Luôn dùng mặt nạ hàn có kính lọc, găng tay da và giày bảo hộ.",
                    ),
                    (
                        "Bài 2: Gây hồ quang và giữ chiều dài hồ quang",
                        "Có hai cách gây hồ quang: mồi chạm và mồi quẹt. Chiều dài hồ quang nên bằng đường kính que "
                        "hàn; hồ quang quá dài làm mối hàn bị rỗ và bắn tóe nhiều.",
                    ),
                ],
            ),
            (
                "Phần 2: Thực hành mối hàn",
                [
                    (
                        "Bài 3: Hàn giáp mối tư thế hàn bằng",
                        "Vát mép phôi khi chiều dày trên 4 mm, để khe hở 1,5 đến 2 mm. Di chuyển que hàn đều tay, góc "
                        "nghiêng khoảng 70 đến 80 độ so với mặt phôi.",
                    ),
                    (
                        "Bài 4: Kiểm tra và sửa lỗi mối hàn",
                        "Quan sát bề mặt mối hàn để phát hiện rỗ khí, lẫn xỉ, cháy cạnh và hàn không ngấu. Ghi lại "
                        "nguyên nhân từng lỗi để điều chỉnh dòng hàn và tốc độ hàn ở lần sau.",
                    ),
                ],
            ),
        ],
    ),
    course(
        "BK-NGHE-02",
        BACH_KHOA,
        "vocational",
        "beginner",
        "16",
        "An toàn vệ sinh lao động",
        "Huấn luyện an toàn vệ sinh lao động nhóm 4 cho người lao động mới vào làm tại nhà máy.",
        "Nội dung theo Nghị định 44/2016/NĐ-CP: chính sách pháp luật về an toàn vệ sinh lao động, nhận diện yếu "
        "tố nguy hiểm, có hại tại nơi làm việc, sử dụng phương tiện bảo vệ cá nhân và sơ cứu ban đầu.",
        [
            "Nhận diện được các mối nguy trong nhà xưởng",
            "Sử dụng đúng phương tiện bảo vệ cá nhân",
            "Biết quy trình báo cáo tai nạn và sự cố",
        ],
        "Không yêu cầu.",
        "an toàn lao động, bảo hộ, nhà máy",
        lessons=[
            (
                "Bài 1: Mối nguy và rủi ro tại nơi làm việc",
                "Mối nguy có thể là máy có bộ phận chuyển động, điện, hóa chất, tiếng ồn, nhiệt độ cao hoặc tư thế "
                "làm việc gò bó. Nhận diện mối nguy là bước đầu tiên để phòng ngừa tai nạn.",
            ),
            (
                "Bài 2: Phương tiện bảo vệ cá nhân",
                "Mũ, kính, nút tai chống ồn, khẩu trang, găng tay và giày bảo hộ phải phù hợp với từng công việc. "
                "Kiểm tra phương tiện trước mỗi ca và báo ngay cho tổ trưởng khi bị hỏng.",
            ),
            (
                "Bài 3: Báo cáo sự cố và xử lý tình huống khẩn cấp",
                "Khi có sự cố, dừng máy, cắt điện nếu an toàn, báo cho người phụ trách và gọi 115 khi có người bị "
                "thương nặng. Mọi sự cố, kể cả suýt xảy ra tai nạn, đều cần được ghi lại.",
            ),
        ],
    ),
    course(
        "BK-NGHE-03",
        BACH_KHOA,
        "vocational",
        "intermediate",
        "60",
        "Điện công nghiệp: lắp đặt và sửa chữa tủ điện",
        "Đọc bản vẽ, lắp đặt tủ điện điều khiển động cơ ba pha và tìm lỗi mạch điện trong nhà xưởng.",
        "Khóa học dành cho thợ điện đã có kiến thức điện cơ bản: khí cụ điện hạ áp, mạch khởi động sao - tam giác, "
        "mạch đảo chiều quay động cơ, đo kiểm bằng đồng hồ vạn năng và an toàn điện.",
        [
            "Đọc được sơ đồ mạch điều khiển động cơ",
            "Lắp đặt được mạch khởi động sao - tam giác",
            "Tìm và sửa được các lỗi thường gặp trong tủ điện",
        ],
        "Đã học điện dân dụng hoặc có chứng chỉ nghề điện sơ cấp.",
        "điện công nghiệp, tủ điện, động cơ",
        lessons=[
            (
                "Bài 1: Khí cụ điện hạ áp trong tủ điện",
                "Aptomat, contactor, rơ le nhiệt và rơ le thời gian là các thiết bị chính của tủ điều khiển. Chọn "
                "thiết bị theo dòng điện định mức của động cơ và điều kiện làm việc.",
            ),
            (
                "Bài 2: Mạch khởi động sao - tam giác",
                "Khởi động sao - tam giác giúp giảm dòng khởi động của động cơ công suất lớn. Rơ le thời gian chuyển "
                "từ sao sang tam giác sau vài giây khi động cơ đã đạt tốc độ.",
            ),
            (
                "Bài 3: Tìm lỗi bằng đồng hồ vạn năng",
                "Luôn cắt điện và kiểm tra không còn điện trước khi sửa chữa. Đo thông mạch từng nhánh theo sơ đồ, "
                "bắt đầu từ nguồn cấp đến cuộn dây contactor.",
            ),
        ],
    ),
    course(
        "BK-NGHE-04",
        BACH_KHOA,
        "vocational",
        "advanced",
        "80",
        "Vận hành máy tiện CNC",
        "Lập trình G-code, gá đặt phôi và vận hành máy tiện CNC để gia công chi tiết trục đạt dung sai.",
        "Khóa học nâng cao cho thợ tiện: hệ tọa độ máy, bù dao, lập trình chu trình tiện thô và tiện tinh, chạy mô "
        "phỏng và gia công chi tiết thật. Học viên thực hành trên máy tiện CNC hệ điều khiển Fanuc.",
        [
            "Lập trình được chi tiết trục bậc bằng G-code",
            "Gá đặt phôi và thiết lập gốc phôi chính xác",
            "Kiểm tra kích thước chi tiết bằng thước cặp và panme",
        ],
        "Đã vận hành máy tiện vạn năng ít nhất 1 năm.",
        "CNC, tiện, cơ khí chính xác",
        modules=[
            (
                "Phần 1: Lập trình",
                [
                    (
                        "Bài 1: Hệ tọa độ và các lệnh G-code cơ bản",
                        "Máy tiện CNC dùng trục X theo đường kính và trục Z dọc trục chính. Các lệnh G00, G01, G02, "
                        "G03 điều khiển chạy dao nhanh, cắt thẳng và cắt cung tròn.",
                    ),
                    (
                        "Bài 2: Chu trình tiện thô G71 và tiện tinh G70",
                        "Chu trình G71 tự chia lượng dư thành nhiều lớp cắt; G70 tiện tinh theo cùng biên dạng. Chạy "
                        "mô phỏng trên màn hình trước khi cắt thật để tránh va chạm.",
                    ),
                ],
            ),
            (
                "Phần 2: Vận hành",
                [
                    (
                        "Bài 3: Gá phôi, bù dao và chạy thử",
                        "Đo bù dao cho từng dao trên đài dao, xác định gốc phôi bằng cách chạm dao vào mặt đầu. Chạy "
                        "thử từng câu lệnh với tốc độ chạy dao giảm 25%.",
                    ),
                ],
            ),
        ],
    ),
    course(
        "DL-NGHE-01",
        DU_LICH,
        "vocational",
        "beginner",
        "24",
        "Nghiệp vụ lễ tân khách sạn",
        "Quy trình đón tiếp, làm thủ tục nhận phòng, trả phòng và xử lý yêu cầu của khách tại quầy lễ tân.",
        "Khóa học trang bị nghiệp vụ lễ tân cho khách sạn từ 1 đến 3 sao: đặt phòng, nhận phòng, thanh toán, "
        "giao tiếp qua điện thoại và giải quyết phàn nàn của khách một cách chuyên nghiệp.",
        [
            "Thực hiện được quy trình nhận phòng và trả phòng",
            "Giao tiếp lịch sự với khách qua điện thoại",
            "Xử lý được các phàn nàn thường gặp",
        ],
        "Tốt nghiệp trung học cơ sở trở lên.",
        "khách sạn, lễ tân, du lịch",
        lessons=[
            (
                "Bài 1: Chuẩn bị ca làm việc tại quầy lễ tân",
                "Đầu ca, nhân viên lễ tân nhận bàn giao danh sách khách đến, khách đi, phòng trống và các yêu cầu "
                "đặc biệt. Đồng phục gọn gàng, nụ cười và lời chào là ấn tượng đầu tiên của khách.",
            ),
            (
                "Bài 2: Thủ tục nhận phòng",
                "Kiểm tra thông tin đặt phòng, giấy tờ tùy thân, khai báo lưu trú, giới thiệu dịch vụ của khách "
                "sạn và trao chìa khóa phòng kèm hướng dẫn đường đi.",
            ),
            (
                "Bài 3: Trả phòng và thanh toán",
                "Kiểm tra minibar và dịch vụ phát sinh, in hóa đơn, nhận thanh toán bằng tiền mặt, thẻ hoặc mã QR "
                "và cảm ơn khách, mời khách quay lại.",
            ),
        ],
    ),
    course(
        "DL-NGHE-02",
        DU_LICH,
        "vocational",
        "intermediate",
        "40",
        "Kỹ thuật chế biến món ăn Việt Nam",
        "Sơ chế, tẩm ướp và chế biến các món ăn truyền thống ba miền đạt tiêu chuẩn nhà hàng.",
        "Khóa học thực hành bếp Việt: nấu nước dùng phở, làm nem rán, cá kho tộ, canh chua và các món cuốn. Học "
        "viên học cách định lượng, trình bày món ăn và bảo đảm an toàn thực phẩm.",
        [
            "Nấu được nước dùng phở trong, ngọt tự nhiên",
            "Chế biến được 6 món ăn truyền thống ba miền",
            "Tuân thủ quy định an toàn thực phẩm trong bếp",
        ],
        "Đã có kiến thức cơ bản về sơ chế thực phẩm.",
        "nấu ăn, ẩm thực, nhà hàng",
        lessons=[
            (
                "Bài 1: Vệ sinh an toàn thực phẩm trong bếp",
                "Thực phẩm sống và chín phải để riêng, dùng thớt và dao riêng. Rửa tay đúng cách trước khi chế "
                "biến và kiểm soát nhiệt độ bảo quản tủ lạnh dưới 5 độ C.",
            ),
            (
                "Bài 2: Nước dùng phở bò",
                "Xương ống được chần sạch, ninh lửa nhỏ từ 6 đến 8 giờ cùng hành, gừng nướng và các loại gia vị "
                "quế, hồi, thảo quả. Thường xuyên hớt bọt để nước dùng trong.",
            ),
            (
                "Bài 3: Món cuốn và cách trình bày",
                "Gỏi cuốn tôm thịt cần bánh tráng mềm vừa, rau sống ráo nước và cuốn chặt tay. Nước chấm tương "
                "đen hoặc mắm nêm được pha theo khẩu vị từng vùng miền.",
            ),
        ],
    ),
    course(
        "BK-NGHE-05",
        BACH_KHOA,
        "vocational",
        "beginner",
        "30",
        "Bảo dưỡng và sửa chữa xe máy",
        "Bảo dưỡng định kỳ, thay dầu, chỉnh phanh, kiểm tra hệ thống điện và sửa các hư hỏng nhỏ của xe máy.",
        "Khóa học giúp người lao động tự bảo dưỡng xe của mình hoặc bắt đầu nghề sửa xe máy: cấu tạo động cơ bốn "
        "thì, hệ thống phun xăng điện tử, phanh, lốp và ắc quy.",
        [
            "Thay được dầu máy và vệ sinh lọc gió",
            "Điều chỉnh được phanh và xích",
            "Chẩn đoán được các hư hỏng thường gặp",
        ],
        "Không yêu cầu.",
        "xe máy, sửa chữa, bảo dưỡng",
        lessons=[
            (
                "Bài 1: Cấu tạo xe máy và lịch bảo dưỡng",
                "Xe máy cần thay dầu sau mỗi 1.500 đến 2.000 km, vệ sinh lọc gió và kiểm tra bugi định kỳ. Sổ bảo "
                "dưỡng giúp theo dõi các lần thay thế phụ tùng.",
            ),
            (
                "Bài 2: Phanh, lốp và xích",
                "Phanh tay và phanh chân phải có hành trình tự do phù hợp. Lốp bơm đúng áp suất ghi trên xe; xích "
                "có độ chùng từ 2 đến 3 cm và được tra dầu thường xuyên.",
            ),
        ],
    ),
    # life_skills --------------------------------------------------------------------------------------------------
    course(
        "DL-KNS-01",
        DU_LICH,
        "life_skills",
        "beginner",
        "6",
        "Kỹ năng giao tiếp và làm việc nhóm trong nhà máy",
        "Lắng nghe, phản hồi tích cực và phối hợp trong tổ sản xuất để giảm mâu thuẫn, tăng năng suất.",
        "Khóa học dùng các tình huống thật trong dây chuyền sản xuất: giao ca, góp ý cho đồng nghiệp, báo cáo với "
        "tổ trưởng và giải quyết bất đồng trong nhóm.",
        ["Lắng nghe và phản hồi tích cực", "Góp ý với đồng nghiệp một cách tôn trọng", "Phối hợp hiệu quả khi giao ca"],
        "Không yêu cầu.",
        "giao tiếp, làm việc nhóm, kỹ năng mềm",
        lessons=[
            (
                "Bài 1: Lắng nghe và phản hồi",
                "Lắng nghe tích cực là nhìn vào người nói, không ngắt lời và nhắc lại ý chính để chắc chắn mình "
                "hiểu đúng. Phản hồi nên cụ thể, đúng lúc và hướng vào công việc.",
            ),
            (
                "Bài 2: Làm việc nhóm trong tổ sản xuất",
                "Mỗi thành viên cần biết rõ nhiệm vụ của mình và của người đứng trước, đứng sau trên dây chuyền. "
                "Khi có vướng mắc, báo ngay để cả tổ cùng xử lý.",
            ),
            (
                "Bài 3: Giải quyết bất đồng",
                "Khi có bất đồng, tách vấn đề khỏi con người, nghe cả hai phía và tìm giải pháp chung. Nếu không "
                "tự giải quyết được, nhờ tổ trưởng hoặc cán bộ công đoàn làm trung gian.",
            ),
        ],
    ),
    course(
        "CD-KNS-02",
        CONG_DOAN,
        "life_skills",
        "beginner",
        "4",
        "Quản lý tài chính cá nhân cho công nhân",
        "Lập kế hoạch chi tiêu, tiết kiệm từ lương hằng tháng và tránh bẫy tín dụng đen.",
        "Khóa học hướng dẫn ghi chép thu chi, quy tắc chia lương thành các khoản, gửi tiết kiệm, và nhận diện các "
        "hình thức vay nặng lãi, vay qua ứng dụng không rõ nguồn gốc.",
        [
            "Lập được kế hoạch chi tiêu hằng tháng",
            "Xây dựng được quỹ dự phòng",
            "Nhận diện được các dấu hiệu tín dụng đen",
        ],
        "Không yêu cầu.",
        "tài chính cá nhân, tiết kiệm, tín dụng đen",
        lessons=[
            (
                "Bài 1: Ghi chép thu chi và chia lương",
                "Ghi lại mọi khoản chi trong một tháng để biết tiền đi đâu. Một cách chia đơn giản là 50% cho nhu "
                "cầu thiết yếu, 30% cho gia đình và mong muốn, 20% để tiết kiệm.",
            ),
            (
                "Bài 2: Tránh bẫy tín dụng đen",
                "Các khoản vay nhanh không cần giấy tờ thường có lãi suất rất cao và cách đòi nợ bất hợp pháp. Khi "
                "cần vay, hãy hỏi quỹ trợ vốn của công đoàn hoặc ngân hàng chính sách xã hội.",
            ),
        ],
    ),
    course(
        "CD-KNS-03",
        CONG_DOAN,
        "life_skills",
        "beginner",
        "8",
        "Sơ cấp cứu tại nơi làm việc",
        "Sơ cứu vết thương, bỏng, điện giật, ngất và hồi sinh tim phổi trong khi chờ nhân viên y tế.",
        "Khóa học theo hướng dẫn của Bộ Y tế về sơ cứu, cấp cứu tại nơi làm việc: đánh giá hiện trường, gọi cấp "
        "cứu 115, cầm máu, băng bó, xử lý bỏng, điện giật và ép tim ngoài lồng ngực.",
        [
            "Đánh giá được hiện trường an toàn trước khi sơ cứu",
            "Cầm máu và băng bó vết thương đúng cách",
            "Thực hiện được hồi sinh tim phổi cơ bản",
        ],
        "Không yêu cầu.",
        "sơ cứu, sức khỏe, an toàn",
        modules=[
            (
                "Phần 1: Sơ cứu vết thương",
                [
                    (
                        "Bài 1: Đánh giá hiện trường và gọi cấp cứu",
                        "Trước khi tiếp cận nạn nhân, bảo đảm hiện trường an toàn cho bản thân. Gọi 115, nói rõ địa "
                        "chỉ, số người bị nạn và tình trạng của họ.",
                    ),
                    (
                        "Bài 2: Cầm máu, băng bó và xử lý bỏng",
                        "Ép trực tiếp lên vết thương bằng gạc sạch để cầm máu. Với vết bỏng, làm mát bằng nước sạch "
                        "trong 20 phút, không bôi kem đánh răng hay nước mắm.",
                    ),
                ],
            ),
            (
                "Phần 2: Cấp cứu ngừng tim",
                [
                    (
                        "Bài 3: Hồi sinh tim phổi",
                        "Nếu nạn nhân không thở, ép tim ở giữa ngực với tần số 100 đến 120 lần mỗi phút, độ sâu 5 đến "
                        "6 cm, và tiếp tục cho đến khi có nhân viên y tế.",
                    ),
                ],
            ),
        ],
    ),
    course(
        "CD-KNS-04",
        CONG_DOAN,
        "life_skills",
        "beginner",
        "3",
        "Chăm sóc sức khỏe sinh sản cho lao động nữ",
        "Kiến thức về sức khỏe sinh sản, mang thai an toàn khi làm việc và các chế độ dành cho lao động nữ.",
        "Khóa học giúp lao động nữ chăm sóc sức khỏe trong thời gian mang thai và nuôi con nhỏ, đồng thời biết các "
        "quyền được pháp luật bảo vệ như nghỉ thai sản, thời gian nghỉ cho con bú.",
        [
            "Biết các dấu hiệu cần đi khám khi mang thai",
            "Nắm được chế độ thai sản",
            "Chăm sóc sức khỏe sau sinh khi quay lại làm việc",
        ],
        "Không yêu cầu.",
        "lao động nữ, sức khỏe, thai sản",
        lessons=[
            (
                "Bài 1: Mang thai an toàn khi đi làm",
                "Lao động nữ mang thai được chuyển sang công việc nhẹ hơn, không phải làm đêm hay làm thêm giờ từ "
                "tháng thứ 7. Khám thai định kỳ ít nhất 4 lần trong thai kỳ.",
            ),
            (
                "Bài 2: Chế độ thai sản và nuôi con nhỏ",
                "Lao động nữ được nghỉ thai sản 6 tháng. Khi nuôi con dưới 12 tháng tuổi được nghỉ 60 phút mỗi "
                "ngày trong giờ làm việc mà vẫn hưởng đủ lương.",
            ),
        ],
    ),
    course(
        "DL-KNS-05",
        DU_LICH,
        "life_skills",
        "intermediate",
        "4",
        "Kiểm soát căng thẳng và cân bằng công việc - cuộc sống",
        "Nhận biết căng thẳng, ngủ đủ khi làm ca và các kỹ thuật thư giãn đơn giản sau giờ làm.",
        "Làm ca, tăng ca và xa gia đình dễ gây căng thẳng kéo dài. Khóa học giới thiệu dấu hiệu cảnh báo, kỹ thuật "
        "thở, vận động nhẹ và cách xây dựng nếp sinh hoạt lành mạnh.",
        [
            "Nhận biết được dấu hiệu căng thẳng",
            "Thực hành kỹ thuật thở thư giãn",
            "Lập được lịch ngủ nghỉ phù hợp khi làm ca",
        ],
        "Không yêu cầu.",
        "sức khỏe tinh thần, căng thẳng, làm ca",
        lessons=[
            (
                "Bài 1: Dấu hiệu của căng thẳng",
                "Mất ngủ, cáu gắt, đau đầu, khó tập trung là những dấu hiệu thường gặp. Căng thẳng kéo dài làm "
                "tăng nguy cơ tai nạn lao động và bệnh tật.",
            ),
            (
                "Bài 2: Ngủ đủ khi làm ca đêm",
                "Ngủ ngay sau khi tan ca đêm trong phòng tối, yên tĩnh; hạn chế cà phê trong 6 giờ trước khi ngủ "
                "và giữ giờ ngủ cố định trong tuần.",
            ),
        ],
    ),
    course(
        "CD-KNS-06",
        CONG_DOAN,
        "life_skills",
        "beginner",
        "3",
        "Nuôi dạy con khi bố mẹ làm ca",
        "Giữ gắn kết với con, phối hợp với ông bà, nhà trẻ và dạy con kỹ năng tự bảo vệ khi bố mẹ làm ca.",
        "Khóa học dành cho công nhân có con nhỏ: sắp xếp thời gian chăm con khi làm ca kíp, trò chuyện với con qua "
        "điện thoại, chọn nhóm trẻ an toàn và phòng tránh tai nạn thương tích cho trẻ.",
        [
            "Sắp xếp được lịch chăm con theo ca làm việc",
            "Chọn được nhóm trẻ an toàn",
            "Dạy con kỹ năng tự bảo vệ cơ bản",
        ],
        "Không yêu cầu.",
        "gia đình, nuôi dạy con, trẻ em",
        lessons=[
            (
                "Bài 1: Thời gian chất lượng bên con",
                "Dù chỉ có 15 phút mỗi ngày, hãy tắt điện thoại, đọc truyện hoặc chơi cùng con. Khi phải làm ca "
                "đêm, gọi điện trò chuyện với con trước giờ đi ngủ.",
            ),
            (
                "Bài 2: Chọn nhóm trẻ và phòng tránh tai nạn",
                "Nhóm trẻ cần được cấp phép, có người giữ trẻ đã qua đào tạo và không gian sạch sẽ. Ở nhà, cất "
                "thuốc, hóa chất, ổ điện ngoài tầm với của trẻ.",
            ),
        ],
    ),
    # digital ------------------------------------------------------------------------------------------------------
    course(
        "BK-SO-01",
        BACH_KHOA,
        "digital",
        "beginner",
        "8",
        "Kỹ năng số cơ bản cho công nhân",
        "Sử dụng điện thoại thông minh để tìm kiếm thông tin, nhắn tin, gọi video và giữ an toàn trên mạng.",
        "Khóa học thuộc phong trào Bình dân học vụ số, dành cho người lao động lần đầu dùng điện thoại thông minh: "
        "cài đặt ứng dụng, kết nối Wi-Fi, tìm kiếm thông tin, dùng Zalo và đặt mật khẩu an toàn.",
        [
            "Cài đặt và gỡ được ứng dụng trên điện thoại",
            "Tìm kiếm và đánh giá được thông tin trên mạng",
            "Đặt được mật khẩu mạnh và bật xác thực hai lớp",
        ],
        "Có điện thoại thông minh.",
        "kỹ năng số, điện thoại, Bình dân học vụ số",
        competences="1.1:basic,2.1:basic,4.1:basic,4.2:basic",
        modules=[
            (
                "Phần 1: Làm quen với điện thoại thông minh",
                [
                    (
                        "Bài 1: Cài đặt điện thoại và kết nối Internet",
                        "Kết nối Wi-Fi trong phần Cài đặt, chọn tên mạng và nhập mật khẩu. Khi dùng dữ liệu di động, "
                        "hãy theo dõi dung lượng đã dùng để không phát sinh cước phí ngoài ý muốn.",
                    ),
                    (
                        "Bài 2: Tìm kiếm thông tin trên mạng",
                        "Dùng từ khóa ngắn, rõ ràng khi tìm kiếm. Ưu tiên thông tin từ trang của cơ quan nhà nước, báo "
                        "chí chính thống và kiểm tra ngày đăng trước khi tin.",
                    ),
                ],
            ),
            (
                "Phần 2: Liên lạc và an toàn",
                [
                    (
                        "Bài 3: Nhắn tin và gọi video bằng Zalo",
                        "Zalo cho phép nhắn tin, gửi ảnh và gọi video miễn phí qua Internet. Tạo nhóm tổ sản xuất để "
                        "nhận thông báo ca làm việc nhanh chóng.",
                    ),
                    (
                        "Bài 4: Mật khẩu và xác thực hai lớp",
                        "Mật khẩu mạnh có ít nhất 8 ký tự gồm chữ, số và ký hiệu. Không dùng chung một mật khẩu cho "
                        "nhiều tài khoản và không chia sẻ mã OTP cho bất kỳ ai.",
                    ),
                ],
            ),
        ],
    ),
    course(
        "CD-SO-02",
        CONG_DOAN,
        "digital",
        "beginner",
        "4",
        "Sử dụng dịch vụ công trực tuyến và VNeID",
        "Kích hoạt tài khoản định danh điện tử VNeID và nộp hồ sơ dịch vụ công trực tuyến từ điện thoại.",
        "Khóa học hướng dẫn từng bước: kích hoạt định danh điện tử mức 2, tích hợp giấy tờ vào VNeID, đăng ký tạm "
        "trú trực tuyến và tra cứu hồ sơ trên Cổng dịch vụ công quốc gia.",
        [
            "Kích hoạt được tài khoản VNeID",
            "Nộp được hồ sơ đăng ký tạm trú trực tuyến",
            "Tra cứu được tình trạng hồ sơ",
        ],
        "Có căn cước công dân gắn chip và điện thoại thông minh.",
        "dịch vụ công, VNeID, định danh điện tử",
        competences="1.1:basic,2.3:basic,4.2:basic",
        lessons=[
            (
                "Bài 1: Kích hoạt tài khoản định danh điện tử",
                "Tải ứng dụng VNeID từ kho ứng dụng chính thức, nhập số định danh cá nhân và số điện thoại chính "
                "chủ. Tài khoản mức 2 được kích hoạt tại công an cấp xã.",
            ),
            (
                "Bài 2: Đăng ký tạm trú trực tuyến",
                "Trên VNeID chọn Thủ tục hành chính, Đăng ký tạm trú, nhập thông tin nơi ở và tải ảnh hợp đồng thuê "
                "nhà. Theo dõi kết quả trong mục Quản lý hồ sơ.",
            ),
            (
                "Bài 3: Cổng dịch vụ công quốc gia",
                "Đăng nhập Cổng dịch vụ công bằng tài khoản VNeID để nộp hồ sơ bảo hiểm thất nghiệp, cấp đổi giấy "
                "phép lái xe và thanh toán phí, lệ phí trực tuyến.",
            ),
        ],
    ),
    course(
        "CD-SO-03",
        CONG_DOAN,
        "digital",
        "beginner",
        "3",
        "Nhận diện lừa đảo trực tuyến và bảo vệ dữ liệu cá nhân",
        "Các chiêu lừa đảo qua điện thoại, tin nhắn, mạng xã hội và cách bảo vệ thông tin cá nhân, tài khoản ngân hàng.",
        "Khóa học tổng hợp các thủ đoạn lừa đảo phổ biến nhắm vào người lao động: tuyển dụng việc nhẹ lương cao, "
        "giả danh công an, đường link giả mạo ngân hàng, và hướng dẫn xử lý khi đã bị lừa.",
        [
            "Nhận diện được dấu hiệu lừa đảo trực tuyến",
            "Bảo vệ được dữ liệu cá nhân trên mạng xã hội",
            "Biết cách báo cáo và xử lý khi bị lừa đảo",
        ],
        "Biết sử dụng điện thoại thông minh.",
        "an toàn mạng, lừa đảo, dữ liệu cá nhân",
        competences="1.2:basic,4.1:basic,4.2:intermediate",
        lessons=[
            (
                "Bài 1: Các chiêu lừa đảo thường gặp",
                "Tin nhắn báo trúng thưởng, lời mời việc nhẹ lương cao, cuộc gọi giả danh công an yêu cầu chuyển "
                "tiền là những chiêu lừa phổ biến. Cơ quan nhà nước không làm việc qua điện thoại để yêu cầu chuyển tiền.",
            ),
            (
                "Bài 2: Bảo vệ dữ liệu cá nhân",
                "Không đăng ảnh căn cước công dân, vé máy bay hay thông tin tài khoản lên mạng xã hội. Kiểm tra "
                "quyền truy cập của ứng dụng và gỡ những ứng dụng không rõ nguồn gốc.",
            ),
            (
                "Bài 3: Khi đã bị lừa đảo",
                "Gọi ngay tổng đài ngân hàng để khóa tài khoản, lưu lại tin nhắn, số điện thoại và báo cho công an "
                "nơi gần nhất. Cảnh báo người thân và đồng nghiệp để tránh bị lừa tiếp.",
            ),
        ],
    ),
    course(
        "DL-SO-04",
        DU_LICH,
        "digital",
        "beginner",
        "2",
        "Thanh toán không dùng tiền mặt an toàn trên điện thoại",
        "Chuyển khoản, quét mã QR và dùng ví điện tử an toàn khi mua bán, nhận lương qua tài khoản.",
        "Khóa học hướng dẫn mở tài khoản ngân hàng trực tuyến, chuyển khoản bằng mã QR, đặt hạn mức giao dịch và "
        "kiểm tra thông tin người nhận trước khi chuyển tiền.",
        [
            "Chuyển khoản được bằng mã QR",
            "Đặt được hạn mức giao dịch hằng ngày",
            "Kiểm tra được người nhận trước khi chuyển tiền",
        ],
        "Có tài khoản ngân hàng hoặc ví điện tử.",
        "thanh toán số, QR, ngân hàng số",
        competences="2.1:basic,4.1:basic,4.2:basic",
        lessons=[
            (
                "Bài 1: Chuyển khoản bằng mã QR",
                "Mở ứng dụng ngân hàng, chọn Quét QR, kiểm tra tên người nhận và số tiền rồi xác nhận bằng mã "
                "PIN hoặc vân tay. Lưu ảnh biên lai sau khi chuyển thành công.",
            ),
            (
                "Bài 2: Giữ an toàn cho tài khoản",
                "Đặt hạn mức chuyển tiền trong ngày, bật thông báo biến động số dư và không đăng nhập ngân hàng "
                "trên điện thoại của người khác hay qua Wi-Fi công cộng.",
            ),
        ],
    ),
    course(
        "BK-SO-05",
        BACH_KHOA,
        "digital",
        "intermediate",
        "24",
        "Tin học văn phòng: Word và Excel cho tổ trưởng sản xuất",
        "Soạn văn bản, lập bảng chấm công, tính năng suất và vẽ biểu đồ báo cáo bằng Word và Excel.",
        "Khóa học thực hành cho tổ trưởng, trưởng ca: định dạng văn bản hành chính, lập bảng chấm công, dùng hàm "
        "SUM, IF, VLOOKUP, COUNTIF để tổng hợp sản lượng và vẽ biểu đồ báo cáo tuần.",
        [
            "Soạn được văn bản đúng thể thức",
            "Lập được bảng chấm công và tính sản lượng bằng hàm",
            "Vẽ được biểu đồ báo cáo năng suất",
        ],
        "Biết sử dụng máy tính ở mức cơ bản.",
        "tin học văn phòng, Excel, Word",
        competences="1.3:intermediate,3.1:intermediate,3.2:basic",
        lessons=[
            (
                "Bài 1: Soạn thảo văn bản với Word",
                "Dùng Styles để định dạng tiêu đề thống nhất, chèn bảng cho danh sách công nhân và xuất văn bản sang "
                "PDF trước khi gửi qua Zalo hoặc email.",
            ),
            (
                "Bài 2: Bảng chấm công trong Excel",
                "Mỗi hàng là một công nhân, mỗi cột là một ngày. Hàm COUNTIF đếm số ngày công, hàm SUM cộng giờ làm "
                "thêm; khóa các ô công thức để tránh sửa nhầm.",
            ),
            (
                "Bài 3: Biểu đồ báo cáo năng suất",
                "Chọn vùng dữ liệu sản lượng theo ngày rồi chèn biểu đồ cột. Thêm đường mục tiêu để cả tổ thấy ngay "
                "ngày nào đạt, ngày nào chưa đạt kế hoạch.",
            ),
        ],
    ),
    course(
        "BK-SO-06",
        BACH_KHOA,
        "digital",
        "intermediate",
        "6",
        "Ứng dụng trí tuệ nhân tạo trong công việc hằng ngày",
        "Dùng trợ lý AI để viết, dịch, tóm tắt tài liệu và biết kiểm chứng, sử dụng AI có trách nhiệm.",
        "Khóa học giới thiệu trí tuệ nhân tạo tạo sinh, cách viết câu lệnh rõ ràng, ứng dụng AI để soạn thông báo, "
        "dịch tài liệu kỹ thuật và những rủi ro về thông tin sai lệch, dữ liệu cá nhân.",
        [
            "Giải thích được AI tạo sinh hoạt động thế nào ở mức cơ bản",
            "Viết được câu lệnh hiệu quả cho trợ lý AI",
            "Kiểm chứng được kết quả do AI tạo ra",
        ],
        "Đã học Kỹ năng số cơ bản cho công nhân hoặc tương đương.",
        "trí tuệ nhân tạo, AI, chatbot",
        competences="6.1:basic,6.2:intermediate,6.3:basic",
        lessons=[
            (
                "Bài 1: Trí tuệ nhân tạo là gì",
                "AI tạo sinh học từ lượng dữ liệu rất lớn để tạo ra văn bản, hình ảnh. Nó có thể trả lời sai một "
                "cách rất tự tin, vì vậy người dùng luôn phải kiểm tra lại.",
            ),
            (
                "Bài 2: Viết câu lệnh cho trợ lý AI",
                "Một câu lệnh tốt nêu rõ vai trò, nhiệm vụ, bối cảnh và định dạng mong muốn, ví dụ: soạn thông báo "
                "nghỉ lễ 5 dòng gửi công nhân, giọng văn thân thiện.",
            ),
            (
                "Bài 3: Dùng AI có trách nhiệm",
                "Không đưa thông tin cá nhân, bí mật của doanh nghiệp vào công cụ AI công cộng. Ghi rõ khi nội "
                "dung có sự hỗ trợ của AI và tự chịu trách nhiệm về kết quả cuối cùng.",
            ),
        ],
    ),
    course(
        "DL-SO-07",
        DU_LICH,
        "digital",
        "intermediate",
        "12",
        "Bán hàng trực tuyến trên sàn thương mại điện tử",
        "Mở gian hàng, chụp ảnh sản phẩm, viết mô tả và chăm sóc khách hàng trên sàn thương mại điện tử.",
        "Khóa học dành cho người muốn kinh doanh thêm: đăng ký gian hàng, chụp ảnh sản phẩm bằng điện thoại, viết "
        "mô tả hấp dẫn, định giá, đóng gói giao hàng và tuân thủ quy định về thuế, bản quyền hình ảnh.",
        [
            "Mở được gian hàng trên sàn thương mại điện tử",
            "Chụp ảnh và viết mô tả sản phẩm hấp dẫn",
            "Tuân thủ quy định về thuế và bản quyền",
        ],
        "Biết sử dụng điện thoại thông minh.",
        "thương mại điện tử, bán hàng online, kinh doanh",
        competences="2.2:intermediate,3.1:intermediate,3.3:basic",
        lessons=[
            (
                "Bài 1: Mở gian hàng và đăng sản phẩm",
                "Chuẩn bị giấy tờ tùy thân, tài khoản ngân hàng và số điện thoại để đăng ký gian hàng. Mỗi sản phẩm "
                "cần tên rõ ràng, giá, kích thước và ảnh thật.",
            ),
            (
                "Bài 2: Ảnh sản phẩm và bản quyền",
                "Chụp ảnh gần cửa sổ với ánh sáng tự nhiên, nền trơn. Không dùng ảnh của người khác khi chưa được "
                "phép; ảnh có giấy phép mở phải ghi nguồn đúng yêu cầu.",
            ),
        ],
    ),
    # foreign_language ---------------------------------------------------------------------------------------------
    course(
        "BK-NN-01",
        BACH_KHOA,
        "foreign_language",
        "beginner",
        "30",
        "Tiếng Anh giao tiếp trong nhà máy",
        "Mẫu câu tiếng Anh để chào hỏi, báo cáo sự cố, hỏi đường trong nhà xưởng và làm việc với chuyên gia nước ngoài.",
        "Khóa học tập trung vào nghe và nói: từ vựng về máy móc, an toàn, ca làm việc; các mẫu câu báo cáo với "
        "quản lý người nước ngoài và hiểu biển báo bằng tiếng Anh trong nhà máy.",
        [
            "Giới thiệu bản thân và công việc bằng tiếng Anh",
            "Báo cáo được sự cố máy móc đơn giản",
            "Đọc hiểu biển báo an toàn bằng tiếng Anh",
        ],
        "Không yêu cầu; phù hợp người mới bắt đầu.",
        "tiếng Anh, giao tiếp, nhà máy",
        lessons=[
            (
                "Bài 1: Chào hỏi và giới thiệu công việc",
                "Mẫu câu: Good morning. My name is Lan. I work on line 3. Hãy luyện nói to, chậm, rõ từng từ và "
                "nghe lại bản ghi âm của mình để sửa phát âm.",
            ),
            (
                "Bài 2: Báo cáo sự cố máy móc",
                "Mẫu câu: The machine is not working. There is a strange noise. Please come and check. Dùng kèm "
                "cử chỉ chỉ vào bộ phận bị hỏng để người nghe hiểu nhanh.",
            ),
            (
                "Bài 3: Biển báo an toàn",
                "Danger, Caution, No entry, Wear safety glasses, Fire exit là những biển báo thường gặp. Màu đỏ là "
                "cấm, màu vàng là cảnh báo, màu xanh lá là chỉ dẫn an toàn.",
            ),
        ],
    ),
    course(
        "DL-NN-02",
        DU_LICH,
        "foreign_language",
        "intermediate",
        "40",
        "Tiếng Anh cho nhân viên lễ tân và buồng phòng",
        "Giao tiếp tiếng Anh với khách quốc tế khi nhận phòng, trả phòng, dọn phòng và xử lý yêu cầu của khách.",
        "Khóa học tình huống cho nhân viên khách sạn: hội thoại tại quầy lễ tân, trả lời điện thoại, giới thiệu "
        "dịch vụ, xin lỗi và xử lý phàn nàn bằng tiếng Anh lịch sự.",
        [
            "Thực hiện được hội thoại nhận phòng bằng tiếng Anh",
            "Trả lời điện thoại của khách quốc tế",
            "Xử lý phàn nàn bằng tiếng Anh lịch sự",
        ],
        "Đã học tiếng Anh cơ bản (tương đương bậc 1 Khung năng lực ngoại ngữ).",
        "tiếng Anh, khách sạn, du lịch",
        language="en",
        lessons=[
            (
                "Bài 1: Check-in at the front desk",
                "Mẫu hội thoại: Welcome to our hotel. May I have your passport, please? Your room is on the fifth "
                "floor. Luyện đóng vai lễ tân và khách cùng bạn học.",
            ),
            (
                "Bài 2: Handling complaints",
                "Khi khách phàn nàn: I am very sorry for the inconvenience. Let me fix it right away. Lắng nghe hết "
                "ý khách, xin lỗi và đưa ra giải pháp cụ thể.",
            ),
        ],
    ),
    course(
        "DL-NN-03",
        DU_LICH,
        "foreign_language",
        "beginner",
        "60",
        "Tiếng Hàn sơ cấp cho người lao động đi làm việc tại Hàn Quốc",
        "Bảng chữ cái Hangeul, giao tiếp hằng ngày và tiếng Hàn trong công việc, ôn thi EPS-TOPIK.",
        "Khóa học chuẩn bị cho người lao động tham gia chương trình EPS: đọc viết Hangeul, mẫu câu giao tiếp tại "
        "nơi làm việc và ký túc xá, từ vựng an toàn lao động và luyện đề EPS-TOPIK.",
        [
            "Đọc và viết được chữ Hangeul",
            "Giao tiếp được các tình huống hằng ngày",
            "Làm quen cấu trúc đề thi EPS-TOPIK",
        ],
        "Không yêu cầu.",
        "tiếng Hàn, EPS-TOPIK, xuất khẩu lao động",
        lessons=[
            (
                "Bài 1: Bảng chữ cái Hangeul",
                "Tiếng Hàn có 14 phụ âm cơ bản và 10 nguyên âm cơ bản, ghép thành âm tiết theo khối vuông. Luyện "
                "viết mỗi chữ 10 lần và đọc to theo băng.",
            ),
            (
                "Bài 2: Chào hỏi và giới thiệu bản thân",
                "Annyeonghaseyo là lời chào lịch sự dùng trong mọi tình huống. Khi gặp quản lý, cúi chào nhẹ và giới "
                "thiệu tên, quốc tịch, công việc của mình.",
            ),
            (
                "Bài 3: Tiếng Hàn về an toàn tại xưởng",
                "Học thuộc các từ nguy hiểm, cấm vào, đội mũ bảo hộ, dừng máy. Đề thi EPS-TOPIK luôn có câu hỏi về "
                "biển báo an toàn lao động.",
            ),
        ],
    ),
    course(
        "DL-NN-04",
        DU_LICH,
        "foreign_language",
        "beginner",
        "60",
        "Tiếng Nhật giao tiếp cơ bản cho thực tập sinh",
        "Hiragana, Katakana, mẫu câu giao tiếp và văn hóa làm việc Nhật Bản cho thực tập sinh kỹ năng.",
        "Khóa học giúp thực tập sinh chuẩn bị trước khi xuất cảnh: bảng chữ Hiragana, Katakana, cách chào hỏi, "
        "báo cáo - liên lạc - thảo luận (Horenso) và các quy tắc sinh hoạt tại Nhật Bản.",
        [
            "Đọc được Hiragana và Katakana",
            "Giao tiếp được trong công việc hằng ngày",
            "Hiểu nguyên tắc Horenso trong doanh nghiệp Nhật",
        ],
        "Không yêu cầu.",
        "tiếng Nhật, thực tập sinh, văn hóa Nhật",
        lessons=[
            (
                "Bài 1: Hiragana và Katakana",
                "Hiragana dùng cho từ thuần Nhật, Katakana dùng cho từ mượn nước ngoài. Mỗi bảng có 46 chữ cơ bản; "
                "học mỗi ngày 5 chữ và ôn lại bằng thẻ từ.",
            ),
            (
                "Bài 2: Horenso - báo cáo, liên lạc, thảo luận",
                "Doanh nghiệp Nhật coi trọng việc báo cáo kết quả, liên lạc kịp thời và hỏi ý kiến trước khi làm. "
                "Khi mắc lỗi, báo ngay cho người phụ trách thay vì tự xử lý.",
            ),
        ],
    ),
    course(
        "DL-NN-05",
        DU_LICH,
        "foreign_language",
        "intermediate",
        "40",
        "Tiếng Trung giao tiếp trong thương mại",
        "Tiếng Trung để chào hàng, báo giá, thương lượng và giao nhận hàng với đối tác Trung Quốc.",
        "Khóa học dành cho nhân viên bán hàng, kho vận: phát âm pinyin chuẩn, mẫu câu báo giá, mặc cả, xác nhận "
        "đơn hàng và xử lý khiếu nại về chất lượng hàng hóa.",
        [
            "Phát âm đúng pinyin và thanh điệu",
            "Báo giá và thương lượng bằng tiếng Trung",
            "Xác nhận đơn hàng và lịch giao hàng",
        ],
        "Đã học tiếng Trung sơ cấp khoảng 100 giờ.",
        "tiếng Trung, thương mại, bán hàng",
        lessons=[
            (
                "Bài 1: Chào hàng và giới thiệu sản phẩm",
                "Mẫu câu: Nín hǎo, zhè shì wǒmen de xīn chǎnpǐn. Chú ý thanh điệu vì cùng một âm có thể mang nghĩa "
                "khác nhau tùy thanh.",
            ),
            (
                "Bài 2: Báo giá và thương lượng",
                "Khi mặc cả, hãy hỏi giá theo số lượng lớn và điều kiện thanh toán. Ghi lại giá đã thống nhất bằng "
                "văn bản để tránh hiểu nhầm.",
            ),
        ],
    ),
    course(
        "BK-NN-06",
        BACH_KHOA,
        "foreign_language",
        "advanced",
        "20",
        "Thuật ngữ tiếng Anh chuyên ngành cơ khí",
        "Đọc hiểu bản vẽ, tài liệu hướng dẫn vận hành và bảo dưỡng máy bằng tiếng Anh chuyên ngành cơ khí.",
        "Khóa học cho kỹ thuật viên và thợ bậc cao: thuật ngữ về dung sai, vật liệu, gia công cắt gọt, bảo dưỡng "
        "và đọc hiểu sổ tay máy (manual) của các hãng nước ngoài.",
        [
            "Đọc hiểu được các ký hiệu và ghi chú trên bản vẽ",
            "Tra cứu được sổ tay vận hành máy",
            "Viết được báo cáo hư hỏng ngắn bằng tiếng Anh",
        ],
        "Đã học Tiếng Anh giao tiếp trong nhà máy hoặc tương đương.",
        "tiếng Anh chuyên ngành, cơ khí, bản vẽ",
        lessons=[
            (
                "Bài 1: Bản vẽ kỹ thuật và dung sai",
                "Tolerance, surface roughness, chamfer, thread, diameter là những thuật ngữ xuất hiện trên hầu hết "
                "bản vẽ. Đơn vị đo thường là milimét, đôi khi là inch với máy của Mỹ.",
            ),
            (
                "Bài 2: Đọc sổ tay bảo dưỡng máy",
                "Mục Maintenance schedule cho biết chu kỳ tra dầu, thay lọc; mục Troubleshooting liệt kê lỗi, nguyên "
                "nhân và cách khắc phục. Ghi chú nghĩa tiếng Việt bên cạnh thuật ngữ mới.",
            ),
        ],
    ),
    # general ------------------------------------------------------------------------------------------------------
    course(
        "CD-CHUNG-01",
        CONG_DOAN,
        "general",
        "beginner",
        "2",
        "Lịch sử và truyền thống Công đoàn Việt Nam",
        "Chặng đường phát triển của tổ chức Công đoàn Việt Nam từ năm 1929 đến nay và các phong trào thi đua.",
        "Khóa học giới thiệu sự ra đời của Tổng Công hội Đỏ Bắc Kỳ ngày 28/7/1929, vai trò của Công đoàn trong các "
        "thời kỳ lịch sử và các phong trào Lao động giỏi, Lao động sáng tạo hiện nay.",
        [
            "Nêu được các mốc lịch sử chính của Công đoàn Việt Nam",
            "Kể được các phong trào thi đua của Công đoàn",
            "Hiểu ý nghĩa của việc gia nhập công đoàn",
        ],
        "Không yêu cầu.",
        "công đoàn, lịch sử, truyền thống",
        lessons=[
            (
                "Bài 1: Sự ra đời của Công đoàn Việt Nam",
                "Ngày 28/7/1929, Đại hội thành lập Tổng Công hội Đỏ Bắc Kỳ được tổ chức tại số nhà 15 Hàng Nón, Hà "
                "Nội. Ngày này trở thành ngày thành lập Công đoàn Việt Nam.",
            ),
            (
                "Bài 2: Các phong trào thi đua hiện nay",
                "Phong trào Lao động giỏi, Lao động sáng tạo khuyến khích sáng kiến cải tiến kỹ thuật. Phong trào "
                "Học tập suốt đời hướng tới danh hiệu Công dân học tập trong doanh nghiệp.",
            ),
        ],
    ),
    course(
        "CD-CHUNG-02",
        CONG_DOAN,
        "general",
        "beginner",
        "2",
        "Bảo vệ môi trường và phân loại rác tại nguồn",
        "Phân loại rác sinh hoạt, giảm rác thải nhựa tại nhà máy và khu nhà trọ theo Luật Bảo vệ môi trường 2020.",
        "Từ năm 2025, hộ gia đình phải phân loại chất thải rắn sinh hoạt. Khóa học hướng dẫn phân loại rác tái chế, "
        "rác thực phẩm, rác khác và các việc làm nhỏ để giảm rác thải nhựa.",
        [
            "Phân loại được rác thành ba nhóm",
            "Giảm sử dụng đồ nhựa dùng một lần",
            "Vận động đồng nghiệp cùng bảo vệ môi trường",
        ],
        "Không yêu cầu.",
        "môi trường, phân loại rác, rác thải nhựa",
        lessons=[
            (
                "Bài 1: Ba nhóm rác sinh hoạt",
                "Rác được chia thành chất thải có khả năng tái chế như giấy, nhựa, kim loại; chất thải thực phẩm; "
                "và chất thải rắn sinh hoạt khác. Mỗi nhóm bỏ vào túi hoặc thùng riêng.",
            ),
            (
                "Bài 2: Giảm rác thải nhựa",
                "Mang bình nước cá nhân, dùng hộp cơm thay hộp xốp, từ chối túi ni lông khi mua ít đồ. Mỗi tổ sản "
                "xuất có thể đặt mục tiêu giảm chai nhựa trong một tháng.",
            ),
        ],
    ),
    course(
        "CD-CHUNG-03",
        CONG_DOAN,
        "general",
        "beginner",
        "2",
        "Phòng cháy chữa cháy tại khu nhà trọ công nhân",
        "Phòng ngừa cháy nổ tại phòng trọ, sử dụng bình chữa cháy và thoát nạn an toàn khi có cháy.",
        "Nhiều vụ cháy nhà trọ bắt nguồn từ sạc xe điện, ổ cắm quá tải và bếp gas. Khóa học hướng dẫn phòng ngừa, "
        "cách dùng bình chữa cháy xách tay và kỹ năng thoát nạn qua khói.",
        [
            "Nhận diện được nguy cơ cháy trong phòng trọ",
            "Sử dụng được bình chữa cháy xách tay",
            "Thoát nạn an toàn khi có khói",
        ],
        "Không yêu cầu.",
        "phòng cháy chữa cháy, nhà trọ, an toàn",
        lessons=[
            (
                "Bài 1: Nguy cơ cháy trong phòng trọ",
                "Không sạc xe điện qua đêm trong phòng ngủ, không cắm nhiều thiết bị vào một ổ điện và khóa van bình "
                "gas sau khi nấu. Mỗi phòng trọ nên có lối thoát nạn thứ hai.",
            ),
            (
                "Bài 2: Dùng bình chữa cháy và thoát nạn",
                "Rút chốt, hướng vòi vào gốc lửa, bóp cò và đứng đầu hướng gió. Khi có khói, cúi thấp, che mũi miệng "
                "bằng khăn ướt và đi theo lối thoát, không dùng thang máy.",
            ),
        ],
    ),
    course(
        "DL-CHUNG-04",
        DU_LICH,
        "general",
        "intermediate",
        "10",
        "Khởi nghiệp kinh doanh nhỏ khi trở về quê",
        "Lên ý tưởng, lập kế hoạch kinh doanh đơn giản và tìm nguồn vốn cho người lao động muốn khởi nghiệp ở quê.",
        "Khóa học dành cho lao động từ khu công nghiệp trở về địa phương: đánh giá nhu cầu thị trường, tính chi phí "
        "và giá bán, đăng ký hộ kinh doanh và các nguồn vốn ưu đãi.",
        [
            "Đánh giá được ý tưởng kinh doanh",
            "Lập được kế hoạch kinh doanh một trang",
            "Biết thủ tục đăng ký hộ kinh doanh",
        ],
        "Không yêu cầu.",
        "khởi nghiệp, kinh doanh, hộ kinh doanh",
        lessons=[
            (
                "Bài 1: Từ ý tưởng đến kế hoạch",
                "Bắt đầu từ việc mình giỏi và nhu cầu có thật ở địa phương. Kế hoạch một trang ghi rõ khách hàng, sản "
                "phẩm, chi phí, giá bán và số vốn cần có.",
            ),
            (
                "Bài 2: Đăng ký hộ kinh doanh và nguồn vốn",
                "Hộ kinh doanh đăng ký tại phòng tài chính - kế hoạch cấp huyện hoặc trực tuyến. Ngân hàng Chính sách "
                "xã hội có chương trình cho vay tạo việc làm với lãi suất ưu đãi.",
            ),
        ],
    ),
    course(
        "DL-CHUNG-05",
        DU_LICH,
        "general",
        "beginner",
        "4",
        "Văn hóa doanh nghiệp và tác phong công nghiệp",
        "Đúng giờ, tuân thủ quy trình, 5S và tinh thần trách nhiệm: những thói quen làm nên người lao động chuyên nghiệp.",
        "Khóa học giới thiệu tác phong công nghiệp, phương pháp 5S (Sàng lọc, Sắp xếp, Sạch sẽ, Săn sóc, Sẵn sàng) "
        "và cách hòa nhập văn hóa của doanh nghiệp trong nước và doanh nghiệp có vốn nước ngoài.",
        [
            "Thực hành được phương pháp 5S tại vị trí làm việc",
            "Hiểu được giá trị cốt lõi của doanh nghiệp",
            "Xây dựng thói quen đúng giờ và tuân thủ quy trình",
        ],
        "Không yêu cầu.",
        "văn hóa doanh nghiệp, 5S, tác phong công nghiệp",
        lessons=[
            (
                "Bài 1: Tác phong công nghiệp",
                "Đến sớm 10 phút trước giờ vào ca, mặc đồng phục đúng quy định và tuân thủ quy trình thao tác chuẩn. "
                "Những việc nhỏ lặp lại mỗi ngày tạo nên uy tín của bạn.",
            ),
            (
                "Bài 2: Thực hành 5S",
                "Sàng lọc bỏ đồ không cần thiết, sắp xếp dụng cụ theo tần suất sử dụng, giữ sạch sẽ khu vực làm việc, "
                "săn sóc để duy trì và sẵn sàng biến 5S thành thói quen.",
            ),
        ],
    ),
    course(
        "CD-CHUNG-06",
        CONG_DOAN,
        "general",
        "beginner",
        "2",
        "Tiết kiệm điện và nước trong gia đình",
        "Những cách đơn giản để giảm hóa đơn tiền điện, tiền nước ở phòng trọ và gia đình.",
        "Khóa học hướng dẫn đọc hóa đơn tiền điện bậc thang, chọn thiết bị tiết kiệm năng lượng, dùng điều hòa và "
        "bình nóng lạnh hợp lý, phát hiện rò rỉ nước.",
        [
            "Đọc được hóa đơn tiền điện bậc thang",
            "Chọn được thiết bị có nhãn năng lượng",
            "Giảm được lượng điện nước tiêu thụ hằng tháng",
        ],
        "Không yêu cầu.",
        "tiết kiệm năng lượng, điện, nước",
        lessons=[
            (
                "Bài 1: Hiểu hóa đơn tiền điện",
                "Giá điện sinh hoạt tính theo bậc thang: dùng càng nhiều thì giá mỗi số điện càng cao. Ghi chỉ số công "
                "tơ mỗi tuần để biết thiết bị nào tốn điện nhất.",
            ),
            (
                "Bài 2: Mẹo tiết kiệm điện và nước",
                "Để điều hòa ở 26 đến 27 độ C, tắt bình nóng lạnh sau khi dùng, thay bóng đèn LED. Kiểm tra vòi nước "
                "và bồn cầu rò rỉ bằng cách xem đồng hồ nước khi không dùng.",
            ),
        ],
    ),
]

RESOURCES = [
    {
        "provider": CONG_DOAN,
        "slug": "bo-luat-lao-dong-2019-van-ban",
        "title": "Bộ luật Lao động 2019 (toàn văn)",
        "summary": "Toàn văn Bộ luật Lao động số 45/2019/QH14, có hiệu lực từ ngày 01/01/2021.",
        "resource_url": "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=139264",
        "licence": "public-domain",
        "author": "Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "attribution": "Văn bản quy phạm pháp luật không thuộc đối tượng bảo hộ quyền tác giả (Luật Sở hữu trí tuệ, Điều 15).",
        "learning_area": "politics_law",
    },
    {
        "provider": BACH_KHOA,
        "slug": "khung-nang-luc-so-digcomp-2-2",
        "title": "Khung năng lực số cho công dân DigComp 2.2",
        "summary": "Khung năng lực số của châu Âu, là cơ sở đối chiếu cho các miền 1 đến 5 của Thông tư 02/2025/TT-BGDĐT.",
        "resource_url": "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415",
        "licence": "cc-by-4.0",
        "author": "Vuorikari, R., Kluzer, S. và Punie, Y. (Trung tâm Nghiên cứu chung, Ủy ban châu Âu)",
        "attribution": "“DigComp 2.2: The Digital Competence Framework for Citizens”, Vuorikari, Kluzer, Punie, "
        "Ủy ban châu Âu, 2022, CC BY 4.0.",
        "learning_area": "digital",
        "language": "en",
    },
    {
        "provider": CONG_DOAN,
        "slug": "so-cuu-wikipedia",
        "title": "Sơ cứu (bài viết Wikipedia tiếng Việt)",
        "summary": "Bài viết tổng quan về sơ cứu: mục đích, nguyên tắc ABC và các kỹ năng sơ cứu thường gặp.",
        "resource_url": "https://vi.wikipedia.org/wiki/S%C6%A1_c%E1%BB%A9u",
        "licence": "cc-by-sa-4.0",
        "author": "Các tác giả Wikipedia",
        "attribution": "“Sơ cứu”, các tác giả Wikipedia tiếng Việt, CC BY-SA 4.0.",
        "learning_area": "life_skills",
    },
    {
        "provider": BACH_KHOA,
        "slug": "han-ho-quang-wikipedia",
        "title": "Hàn hồ quang (bài viết Wikipedia tiếng Việt)",
        "summary": "Nguyên lý hàn hồ quang, các phương pháp hàn que, hàn MIG/MAG, hàn TIG và các lưu ý an toàn.",
        "resource_url": "https://vi.wikipedia.org/wiki/H%C3%A0n_h%E1%BB%93_quang",
        "licence": "cc-by-sa-4.0",
        "author": "Các tác giả Wikipedia",
        "attribution": "“Hàn hồ quang”, các tác giả Wikipedia tiếng Việt, CC BY-SA 4.0.",
        "learning_area": "vocational",
    },
]


def seed(stdout, style):
    """Create the demo catalogue and users (idempotent). Returns the demo logins as (login, password, role)."""
    providers = seed_providers()
    result = seed_courses()
    lessons = seed_lessons()
    resources = seed_resources(providers)
    scorm_course = seed_scorm_course(providers[BACH_KHOA])
    logins, users_created = seed_users(providers)
    stdout.write(
        f"Catalogue: {len(providers)} providers, {len(COURSES)} courses "
        f"({result.created} created, {result.updated} updated, {result.unchanged} unchanged), "
        f"{lessons} lessons added, {resources} open resources added, {users_created} users created; "
        f"SCORM course: {scorm_course.title}."
    )
    for error in result.errors:
        stdout.write(style.ERROR(f"Demo course {error}"))
    return logins


def seed_providers():
    providers = {}
    for data in PROVIDERS:
        fields = {key: value for key, value in data.items() if key not in ("slug", "users")}
        provider, created = Provider.objects.get_or_create(slug=data["slug"], defaults=fields)
        if created or not hasattr(provider, "section"):
            setup_provider(provider)
        providers[provider.slug] = provider
    return providers


def seed_courses():
    rows = [(f"item {number}", spec["row"]) for number, spec in enumerate(COURSES, start=1)]
    return CatalogueImporter(publish=True).run(rows)


def _course_pages():
    keys = {(spec["row"]["provider"], spec["row"]["external_id"]): spec for spec in COURSES}
    pages = CoursePage.objects.filter(
        provider__slug__in={provider for provider, _id in keys}, external_id__in={eid for _p, eid in keys}
    ).select_related("provider")
    return [(page, keys[(page.provider.slug, page.external_id)]) for page in pages]


def seed_lessons():
    """Lessons (some inside modules) for the demo courses that have none yet. Returns the number added."""
    keys = {(spec["row"]["provider"], spec["row"]["external_id"]): spec for spec in COURSES}
    pages = CoursePage.objects.filter(
        provider__slug__in={provider for provider, _id in keys},
        external_id__in={external_id for _provider, external_id in keys},
        numchild=0,
    ).select_related("provider")
    added = 0
    for page in pages:
        with transaction.atomic():
            added += add_lessons(page, keys[(page.provider.slug, page.external_id)])
    return added


def add_lessons(course, spec):
    count = 0
    for module_number, (module_title, lessons) in enumerate(spec["modules"], start=1):
        module = ModulePage(title=module_title, slug=f"phan-{module_number}", intro=f"{module_title} của khóa học.")
        add_page(course, module, publish=True)
        for lesson in lessons:
            add_lesson(module, lesson, count)
            count += 1
    for lesson in spec["lessons"]:
        add_lesson(course, lesson, count)
        count += 1
    return count


def add_lesson(parent, lesson, index):
    title, text = lesson
    body = [
        ("heading", title.split(": ", 1)[-1]),
        ("paragraph", RichText(f"<p>{escape(text)}</p>")),
        ("paragraph", RichText(f"<p>{escape(PRACTICE[index % len(PRACTICE)])}</p>")),
    ]
    page = LessonPage(title=title, slug=f"bai-{index + 1}", body=body, duration_minutes=10 + 5 * (index % 4))
    add_page(parent, page, publish=True)


SCORM_DEMO_DIR = Path(__file__).resolve().parent / "demo_scorm" / "an-toan-dien"
SCORM_DEMO_IDENTIFIER = "vn.hoctap.demo.an-toan-dien"


def seed_scorm_course(provider):
    """A course whose lesson plays a small SCORM 1.2 package (imported once from courses/demo_scorm/)."""
    from scorm.importer.services import import_package
    from scorm.models import Package

    collection = provider_collection(provider)
    package = Package.objects.filter(identifier=SCORM_DEMO_IDENTIFIER).first()
    if package is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(SCORM_DEMO_DIR.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(SCORM_DEMO_DIR).as_posix())
        size = buffer.tell()
        buffer.seek(0)
        package = import_package(buffer, title="An toàn điện trong nhà xưởng (SCORM)", size=size, collection=collection)
    elif package.collection_id != collection.pk:  # Imported before packages had collections.
        package.collection = collection
        package.save(update_fields=["collection"])
    course = CoursePage.objects.filter(provider=provider, external_id="BK-SCORM-01").first()
    if course is not None:
        return course
    course = CoursePage(
        title="An toàn điện trong nhà xưởng",
        slug="an-toan-dien-trong-nha-xuong",
        summary="Bài học tương tác (SCORM) về an toàn điện: cắt điện trước khi sửa chữa, sơ cứu người bị điện giật, "
        "aptomat chống dòng rò.",
        learning_area=LearningArea.objects.get(code="vocational"),
        level=Level.objects.get(code="beginner"),
        duration_hours=Decimal("1.0"),
        language="vi",
        provider=provider,
        external_id="BK-SCORM-01",
        description=[
            (
                "paragraph",
                RichText(
                    "<p>Khóa học ngắn cho công nhân vận hành máy và thợ bảo trì: nhận biết nguy cơ điện giật, quy "
                    "trình cắt điện - khóa - treo biển, cách sơ cứu người bị điện giật. Bài kiểm tra tương tác chạy "
                    "được trên điện thoại; bạn có thể dừng lại và học tiếp sau.</p>"
                ),
            )
        ],
        outcomes="Cắt điện, khóa và treo biển trước khi sửa chữa\nSơ cứu đúng cách người bị điện giật",
    )
    add_page(provider.section, course, publish=True)
    introduction = LessonPage(
        title="Bài 1: Điện nguy hiểm thế nào",
        slug="bai-1",
        body=[
            (
                "paragraph",
                RichText(
                    "<p>Dòng điện chỉ 30 mA qua tim đã có thể gây rung tim. Phần lớn tai nạn điện trong nhà xưởng "
                    "xảy ra khi sửa chữa mà không cắt điện, dùng dây điện hở hoặc làm việc với tay ướt.</p>"
                ),
            )
        ],
        duration_minutes=10,
    )
    add_page(course, introduction, publish=True)
    lesson = LessonPage(
        title="Bài 2: Kiểm tra tương tác về an toàn điện",
        slug="bai-kiem-tra",
        body=[("scorm", {"title": "An toàn điện", "package_id": package.pk})],
        duration_minutes=20,
    )
    add_page(course, lesson, publish=True)
    return course


def seed_resources(providers):
    areas = LearningArea.objects.all().by_code()
    added = 0
    for data in RESOURCES:
        provider = providers[data["provider"]]
        if OpenResourcePage.objects.filter(provider=provider, slug=data["slug"]).exists():
            continue
        page = OpenResourcePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            resource_url=data["resource_url"],
            licence=data["licence"],
            author=data["author"],
            attribution=data["attribution"],
            learning_area=areas[data["learning_area"]],
            language=data.get("language", "vi"),
            provider=provider,
            body=[("paragraph", RichText(f"<p>{escape(data['summary'])}</p>"))],
        )
        add_page(provider.section, page, publish=True)
        added += 1
    return added


def _ensure_user(created, **fields):
    User = get_user_model()
    password = fields.pop("password")
    if fields.get("email"):
        user = User.objects.filter(email__iexact=fields["email"]).first()
    else:
        user = User.objects.filter(phone=fields["phone"]).first()
    if user is None:
        user = User.objects.create_user(password=password, **fields)
        created.append(user)
    return user


def seed_users(providers):
    """The admin, an editor and a reviewer per provider, and a worker. Existing users are left as they are."""
    created = []
    logins = []
    _ensure_user(
        created,
        email=ADMIN_EMAIL,
        password=ADMIN_PASSWORD,
        full_name="Quản trị hệ thống",
        is_staff=True,
        is_superuser=True,
    )
    logins.append((ADMIN_EMAIL, ADMIN_PASSWORD, "administrator"))
    for data in PROVIDERS:
        provider = providers[data["slug"]]
        key, editor_name, reviewer_name = data["users"]
        for role, name, group_name in (
            ("editor", editor_name, editor_group_name(provider)),
            ("reviewer", reviewer_name, reviewer_group_name(provider)),
        ):
            email = f"{role}.{key}@hoctap.local"
            user = _ensure_user(created, email=email, password=DEMO_PASSWORD, full_name=name)
            group = Group.objects.filter(name=group_name).first()
            if group is not None and not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
            logins.append((email, DEMO_PASSWORD, f"{role}, {provider.short_name or provider.name}"))
    _ensure_user(
        created,
        phone=WORKER_PHONE,
        password=DEMO_PASSWORD,
        full_name="Nguyễn Thị Hoa",
        employer_name="Công ty TNHH May mặc Hưng Phát",
    )
    logins.append((WORKER_PHONE, DEMO_PASSWORD, "worker (learner)"))
    return logins, len(created)
