"""Certificate wording with placeholders: checked when a template is saved, filled in when a PDF is drawn."""

import string

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

PLACEHOLDERS = ("holder", "course", "hours", "date", "provider", "learning_area")

DEFAULT_HEADING = "Chứng nhận hoàn thành khóa học"
DEFAULT_WORDING = (
    "Chứng nhận học viên\n"
    "{holder}\n"
    "đã hoàn thành khóa học\n"
    "{course}\n"
    "Lĩnh vực: {learning_area} · Thời lượng: {hours} giờ học\n"
    "Đơn vị đào tạo: {provider} · Cấp ngày {date}"
)

# Titles ("Công dân học tập", "Đơn vị học tập"): {course} is the title, {provider} who recognised it.
TITLE_HEADING = "Giấy chứng nhận"
TITLE_WORDING = (
    "Chứng nhận\n{holder}\nđã được công nhận danh hiệu\n{course}\nĐơn vị công nhận: {provider} · Cấp ngày {date}"
)

# Programmes: {course} is the programme's title, {hours} the hours of its courses together.
PROGRAMME_HEADING = "Chứng nhận hoàn thành chương trình học"
PROGRAMME_WORDING = (
    "Chứng nhận học viên\n"
    "{holder}\n"
    "đã hoàn thành toàn bộ các khóa học của chương trình\n"
    "{course}\n"
    "Tổng thời lượng: {hours} giờ học\n"
    "Đơn vị đào tạo: {provider} · Cấp ngày {date}"
)


def _parts(text):
    """(literal, placeholder or None) pairs; raises ValueError on unbalanced braces."""
    return [(literal, field) for literal, field, _spec, _conversion in string.Formatter().parse(text or "")]


def placeholder_list():
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def validate_wording(text):
    """Refuse unknown placeholders, stray braces and format tricks ({holder!r}, {hours:>9}, {holder.x})."""
    try:
        parsed = list(string.Formatter().parse(text or ""))
    except ValueError as error:
        raise ValidationError(
            _("The braces do not match (%(problem)s). Placeholders are written like {holder}; allowed: %(allowed)s.")
            % {"problem": error, "allowed": placeholder_list()}
        ) from error
    unknown = []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            written = "{" + field + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            unknown.append(written)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(unknown)s. Use only %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": placeholder_list()}
        )


def fill(text, values):
    """The wording as plain text with the placeholders filled in (for titles and tests)."""
    return "".join(literal + (str(values.get(field, "")) if field else "") for literal, field in _parts(text))


def render_lines(text, values):
    """The wording as safe HTML lines: [(css class, html)]; a line that is one placeholder gets that name as class."""
    lines = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = _parts(line)
        fields = [field for literal, field in parts if field]
        alone = len(fields) == 1 and not "".join(literal for literal, _f in parts).strip()
        html = "".join(
            escape(literal) + (f'<span class="ph ph-{field}">{escape(values.get(field, ""))}</span>' if field else "")
            for literal, field in parts
        )
        lines.append((f"line-{fields[0]}" if alone else "line", mark_safe(html)))  # noqa: S308 (escaped above)
    return lines
