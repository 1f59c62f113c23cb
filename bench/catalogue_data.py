"""Generate realistic Vietnamese catalogue rows (the import_catalogue CSV format), deterministic for a seed.

    .venv/bin/python bench/catalogue_data.py --count 10000 --seed 1 --out var/catalogue-10k.csv

Without --out the CSV goes to stdout. As a module: ``generate_rows(n, seed)`` yields dicts, ``write_csv(path_or_file,
n, seed)`` writes them. Titles combine a topic, a focus and an audience, so they repeat rarely and read like the
courses a vocational college publishes; every title carries Vietnamese diacritics.
"""

import argparse
import csv
import random
import sys

FIELDS = [
    "external_id",
    "title",
    "summary",
    "description",
    "learning_area",
    "level",
    "duration_hours",
    "language",
    "provider",
    "tags",
    "digital_competences",
]

PROVIDERS = [
    "cd-bach-khoa",
    "cd-du-lich-thuong-mai",
    "tt-gdnn-cong-doan",
    "cd-nghe-ha-noi",
    "cd-cong-nghiep-hue",
    "cd-ky-thuat-cao-thang",
    "cd-nghe-dung-quat",
    "tt-dao-tao-lai-xe-dong-nai",
]

# learning area -> (topics, tags)
TOPICS = {
    "politics_law": (
        [
            "Luật Lao động 2019",
            "Luật Công đoàn",
            "Bảo hiểm xã hội bắt buộc",
            "Bảo hiểm thất nghiệp",
            "Hợp đồng lao động",
            "Thỏa ước lao động tập thể",
            "Luật An toàn, vệ sinh lao động",
            "Phòng chống tham nhũng",
            "Luật Giao thông đường bộ",
            "Quyền và nghĩa vụ công dân",
            "Luật Hôn nhân và gia đình",
            "Phòng chống bạo lực gia đình",
            "Luật Phòng cháy chữa cháy",
            "Chính sách nhà ở xã hội",
        ],
        ["pháp luật", "người lao động", "công đoàn", "chính sách", "quyền lợi"],
    ),
    "vocational": (
        [
            "Hàn điện",
            "Hàn MIG/MAG",
            "Tiện CNC",
            "Phay CNC",
            "Điện công nghiệp",
            "Điện dân dụng",
            "Lắp đặt điện mặt trời",
            "Sửa chữa điều hòa không khí",
            "Bảo dưỡng xe máy",
            "Kỹ thuật may công nghiệp",
            "Vận hành xe nâng",
            "Nghiệp vụ lễ tân khách sạn",
            "Kỹ thuật chế biến món ăn Việt",
            "Pha chế đồ uống",
            "Kỹ thuật xây trát",
            "Lắp ráp linh kiện điện tử",
            "Kiểm soát chất lượng sản phẩm",
            "Quản lý kho hàng",
            "Chăm sóc người cao tuổi",
            "Nuôi trồng thủy sản",
        ],
        ["tay nghề", "thực hành", "an toàn", "kỹ thuật", "nghề"],
    ),
    "life_skills": (
        [
            "Kỹ năng giao tiếp",
            "Làm việc nhóm",
            "Quản lý tài chính cá nhân",
            "Quản lý thời gian",
            "Giải quyết xung đột",
            "Sơ cấp cứu",
            "Chăm sóc sức khỏe sinh sản",
            "Dinh dưỡng cho người lao động",
            "Phòng chống ma túy",
            "Kỹ năng nuôi dạy con",
            "Kiểm soát căng thẳng",
            "Tư duy phản biện",
        ],
        ["kỹ năng mềm", "sức khỏe", "gia đình", "cuộc sống"],
    ),
    "digital": (
        [
            "Kỹ năng số",
            "Sử dụng điện thoại thông minh",
            "Dịch vụ công trực tuyến",
            "Thanh toán không dùng tiền mặt",
            "An toàn thông tin cá nhân",
            "Nhận diện lừa đảo trực tuyến",
            "Tin học văn phòng Word",
            "Bảng tính Excel",
            "Trí tuệ nhân tạo ứng dụng",
            "Thương mại điện tử",
            "Làm video bằng điện thoại",
            "Họp trực tuyến",
        ],
        ["kỹ năng số", "điện thoại", "internet", "an toàn mạng", "AI"],
    ),
    "foreign_language": (
        [
            "Tiếng Anh giao tiếp",
            "Tiếng Anh chuyên ngành cơ khí",
            "Tiếng Hàn",
            "Tiếng Nhật",
            "Tiếng Trung",
            "Tiếng Anh du lịch",
        ],
        ["ngoại ngữ", "giao tiếp", "xuất khẩu lao động"],
    ),
    "general": (
        [
            "Lịch sử địa phương",
            "Văn hóa doanh nghiệp",
            "Bảo vệ môi trường",
            "Phòng chống thiên tai",
            "Kiến thức nông nghiệp sạch",
            "Khởi nghiệp",
            "Tiết kiệm năng lượng",
        ],
        ["kiến thức", "cộng đồng", "môi trường"],
    ),
}
FOCUS = [
    "cơ bản",
    "nâng cao",
    "thực hành",
    "cho người mới bắt đầu",
    "trong nhà máy",
    "tại nơi làm việc",
    "qua tình huống thực tế",
    "và ứng dụng",
    "ôn tập và kiểm tra",
    "cập nhật mới",
]
AUDIENCE = [
    "cho công nhân",
    "cho lao động nữ",
    "cho cán bộ công đoàn",
    "cho lao động trẻ",
    "cho người lao động khu công nghiệp",
    "cho thợ bậc 3/7",
    "cho tổ trưởng sản xuất",
    "cho lao động di cư",
    "",
]
LEVELS = ["beginner", "beginner", "intermediate", "advanced"]
COMPETENCES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "3.4"]
COMPETENCES += ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3"]
COMPETENCE_LEVELS = ["basic", "intermediate", "advanced"]
SENTENCES = [
    "Học viên được hướng dẫn từng bước với ví dụ gần gũi trong sản xuất.",
    "Nội dung bám sát quy định hiện hành và nhu cầu của doanh nghiệp.",
    "Mỗi bài học ngắn, xem được trên điện thoại và tiết kiệm dữ liệu.",
    "Cuối khóa có bài kiểm tra trắc nghiệm và chứng nhận hoàn thành.",
    "Giảng viên là người có nhiều năm kinh nghiệm tại xưởng thực hành.",
    "Khóa học phù hợp để học ngoài giờ làm việc, theo tốc độ của mỗi người.",
    "Tình huống thực tế giúp người học áp dụng ngay vào công việc hằng ngày.",
]


def generate_rows(n, seed=0):
    """Yield ``n`` course rows (dicts with the import fields); the same seed gives the same rows."""
    rng = random.Random(seed)
    areas = list(TOPICS)
    for number in range(1, n + 1):
        area = areas[rng.randrange(len(areas))]
        topics, tags = TOPICS[area]
        topic = rng.choice(topics)
        title = " ".join(part for part in (topic, rng.choice(FOCUS), rng.choice(AUDIENCE)) if part)
        title = f"{title} (khóa {number})" if rng.random() < 0.5 else title
        row = {
            "external_id": f"BENCH-{number:07d}",
            "title": title[:1].upper() + title[1:],
            "summary": f"{topic}: {rng.choice(SENTENCES)}",
            "description": " ".join(rng.sample(SENTENCES, 3)),
            "learning_area": area,
            "level": rng.choice(LEVELS),
            "duration_hours": rng.choice(["1.5", "2", "4", "8", "16", "24", "40", "60"]),
            "language": "vi" if area != "foreign_language" else rng.choice(["vi", "en"]),
            "provider": PROVIDERS[rng.randrange(len(PROVIDERS))],
            "tags": ", ".join(rng.sample(tags, rng.randint(1, min(3, len(tags))))),
            "digital_competences": "",
        }
        if area == "digital":
            codes = rng.sample(COMPETENCES, rng.randint(1, 3))
            row["digital_competences"] = ",".join(f"{code}:{rng.choice(COMPETENCE_LEVELS)}" for code in codes)
        yield row


def write_csv(target, n, seed=0):
    """Write ``n`` rows as CSV (with header) to a path or an open text file."""
    if hasattr(target, "write"):
        writer = csv.DictWriter(target, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(generate_rows(n, seed))
        return target
    with open(target, "w", encoding="utf-8", newline="") as handle:
        write_csv(handle, n, seed)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="output file (default: stdout)")
    parser.add_argument("--quick", action="store_true", help="only 1,000 rows")
    args = parser.parse_args(argv)
    count = 1_000 if args.quick else args.count
    write_csv(args.out or sys.stdout, count, args.seed)
    if args.out:
        print(f"wrote {count} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
