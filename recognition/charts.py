"""Server-rendered SVG charts: horizontal bars with target marks, and a small trend chart. No JavaScript,
readable on a 360 px phone (the SVG scales with its container)."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 340
BAR = 16
GAP = 30
LABEL = 14


def _pct(value):
    return max(0.0, min(float(value or 0), 100.0))


def _label(value):
    """A share as the tables beside the chart write it ("28,6" in Vietnamese)."""
    return number_format(value or 0, use_l10n=True)


def bar_chart(rows, target_year=None, title=""):
    """Horizontal bars (share %) per indicator row, with the target of `target_year` as a mark."""
    height = len(rows) * (BAR + GAP) + 10
    inner = WIDTH - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" class="chart">'
    ]
    for index, row in enumerate(rows):
        y = index * (BAR + GAP) + LABEL
        share = _pct(row.share)
        target = row.target(target_year) if target_year else None
        colour = "#0a6b2d" if target is not None and row.share >= target else "#b45309"
        parts.append(f'<text x="0" y="{y}" font-size="12">{escape(row.name[:60])}</text>')
        parts.append(f'<rect x="0" y="{y + 4}" width="{inner}" height="{BAR}" fill="#eee"/>')
        parts.append(f'<rect x="0" y="{y + 4}" width="{inner * share / 100:.1f}" height="{BAR}" fill="{colour}"/>')
        parts.append(f'<text x="{inner + 4}" y="{y + 16}" font-size="12">{_label(row.share)}%</text>')
        if target is not None:
            x = inner * _pct(target) / 100
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + BAR + 7}" stroke="#111" stroke-width="2">'
                f"<title>{_label(target)}%</title></line>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def trend_chart(points, code, title=""):
    """Columns of one indicator's share per half-year: points = [(label, {code: share})]."""
    height = 140
    n = max(len(points), 1)
    step = WIDTH / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" class="chart">'
    ]
    for index, (label, shares) in enumerate(points):
        value = _pct(shares.get(code, 0))
        bar_height = value / 100 * (height - 40)
        x = index * step + 6
        parts.append(
            f'<rect x="{x:.1f}" y="{height - 20 - bar_height:.1f}" width="{step - 12:.1f}" height="{bar_height:.1f}" '
            f'fill="#1d4ed8"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 24 - bar_height:.1f}" font-size="11">{_label(shares.get(code, 0))}%</text>'
        )
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
