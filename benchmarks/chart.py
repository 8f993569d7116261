"""Draw the benchmark's time against N as a self-contained SVG line chart (log-log).

    python benchmarks/chart.py results.json docs/benchmarks.svg

``results.json`` is what ``python benchmarks/run.py --json results.json`` writes.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

#: The series drawn: (tool, task, label, colour, dashed).
SERIES = [
    ("i18n-news", "build (cold)", "i18n-news build (cold)", "#1b5e9e", False),
    ("Hugo", "build (cold)", "Hugo build (cold)", "#c2185b", False),
    ("Pelican", "build (cold)", "Pelican build (cold)", "#2e7d32", False),
    ("i18n-news", "update (5% changed)", "i18n-news update (5% changed)", "#1b5e9e", True),
    (
        "GNU msgmerge loop",
        "msgmerge --previous (5% changed)",
        "msgmerge loop (5% changed)",
        "#6d4c41",
        True,
    ),
    ("i18n-news", "status (fresh checkout)", "i18n-news status (fresh checkout)", "#ef6c00", False),
    ("GNU msgfmt loop", "msgfmt --statistics", "msgfmt --statistics loop", "#ef6c00", True),
    ("i18n-news", "build (one paragraph)", "i18n-news rebuild (one paragraph)", "#7b1fa2", False),
    ("i18n-news", "build (no change)", "i18n-news rebuild (no change)", "#757575", False),
]
WIDTH, HEIGHT = 800, 460
LEFT, RIGHT, TOP, BOTTOM = 70, 270, 30, 50


def draw(results: list[dict[str, object]]) -> str:
    """An SVG chart of seconds against N for the series in ``SERIES`` that were measured."""
    lines: list[tuple[str, str, bool, list[tuple[float, float]]]] = []
    for tool, task, label, colour, dashed in SERIES:
        points = sorted(
            (float(r["n"]), float(r["seconds"]))  # type: ignore[arg-type]
            for r in results
            if r["tool"] == tool and r["task"] == task and float(r["seconds"]) > 0  # type: ignore[arg-type]
        )
        if points:
            lines.append((label, colour, dashed, points))
    xs = [x for *_, points in lines for x, _ in points] or [1.0, 10.0]
    ys = [y for *_, points in lines for _, y in points] or [0.1, 1.0]
    x_low, x_high = 10 ** math.floor(math.log10(min(xs))), 10 ** math.ceil(math.log10(max(xs)))
    y_low, y_high = 10 ** math.floor(math.log10(min(ys))), 10 ** math.ceil(math.log10(max(ys)))
    x_high = max(x_high, x_low * 10)
    y_high = max(y_high, y_low * 10)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(value: float) -> float:
        return LEFT + plot_w * math.log10(value / x_low) / math.log10(x_high / x_low)

    def y_at(value: float) -> float:
        return TOP + plot_h * (1 - math.log10(value / y_low) / math.log10(y_high / y_low))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">',
        "<title>Time against the number of releases N (log-log)</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    decade = x_low
    while decade <= x_high:
        x = x_at(decade)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{decade:,.0f}</text>'
        )
        decade *= 10
    decade = y_low
    while decade <= y_high:
        y = y_at(decade)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{decade:g} s</text>')
        decade *= 10
    out.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 12}" text-anchor="middle">'
        "releases (N), each in 3 languages</text>"
    )
    for index, (label, colour, dashed, points) in enumerate(lines):
        path = " ".join(f"{x_at(x):.1f},{y_at(y):.1f}" for x, y in points)
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        for x, y in points:
            out.append(f'<circle cx="{x_at(x):.1f}" cy="{y_at(y):.1f}" r="3" fill="{colour}"/>')
        legend_y = TOP + 10 + index * 20
        legend_x = WIDTH - RIGHT + 16
        out.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 24}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        out.append(f'<text x="{legend_x + 30}" y="{legend_y + 4}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = json.loads(Path(sys.argv[1]).read_text())
    Path(sys.argv[2]).write_text(draw(data["results"]))


if __name__ == "__main__":
    main()
