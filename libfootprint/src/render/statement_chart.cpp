// The statement's charts (inline SVG). See detail/statement_chart.hpp.

#include "render/detail/statement_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

namespace footprint::detail::statement_rendering {

namespace {

/// The first `n` code points of `s`, with an ellipsis when it was longer.
std::string clip(const std::string& s, std::size_t n) {
    std::size_t i = 0, count = 0;
    while (i < s.size() && count < n) {
        const auto b = static_cast<unsigned char>(s[i]);
        i += b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
        ++count;
    }
    return i >= s.size() ? s : s.substr(0, i) + "\u2026";
}

/// Rough width of a label in SVG user units at `size` px (wide glyphs count double).
double text_width(const std::string& s, double size) {
    double w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
        w += len >= 3 ? size : size * 0.58;
        i += len;
    }
    return w;
}

struct axis {
    double lo = 0, hi = 1, step = 1;
    std::vector<double> ticks;
};

/// A zero-including axis from `lo` to `hi` with about `target` round ticks.
axis nice_axis(double lo, double hi, int target) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (!(hi > lo)) hi = lo + 1;
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    const double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    axis a;
    a.step = step;
    a.lo = std::floor(lo / step + 1e-9) * step;
    a.hi = std::ceil(hi / step - 1e-9) * step;
    if (!(a.hi > a.lo)) a.hi = a.lo + step;
    for (long long i = std::llround(a.lo / step); i <= std::llround(a.hi / step); ++i)
        a.ticks.push_back(static_cast<double>(i) * step);
    return a;
}

std::string tick_label(double v, double step) {
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    if (std::fabs(v) < step * 1e-6) v = 0;
    return group_thousands(fmt::format("{:.{}f}", v, decimals));
}

struct linear {
    double lo, hi, p0, p1;
    [[nodiscard]] double operator()(double v) const { return p0 + (v - lo) / (hi - lo) * (p1 - p0); }
};

std::string f1(double v) { return fmt::format("{:.1f}", v); }

const char* stage_colour(const std::string& stage) {
    if (stage == "raw_material") return "#3b6ea8";
    if (stage == "production") return "#e0a030";
    if (stage == "distribution") return "#4a9d6f";
    if (stage == "use") return "#c9719f";
    if (stage == "end_of_life") return "#7a6bb0";
    return "#9aa0a6";
}
constexpr const char* colour_be = "#8c6d46";
constexpr const char* colour_pe = "#3b6ea8";
constexpr const char* colour_er = "#2f7d4f";
constexpr const char* colour_negative = "#b23a3a";

std::string svg_open(const std::string& id, double w, double h, const std::string& label) {
    return fmt::format("<svg id=\"{}\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
                       "aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
                       id, f1(w), f1(h), f1(w), f1(h), html_escape(label));
}

/// A legend row (coloured squares and labels), wrapping at `width`; returns its height.
double legend(std::string& o, const std::vector<std::pair<std::string, std::string>>& items, double x0, double y,
              double width) {
    double x = x0, rows = 1;
    for (const auto& [colour, label] : items) {
        const double w = 14 + text_width(label, 12) + 18;
        if (x + w > width && x > x0) {
            x = x0;
            y += 20;
            ++rows;
        }
        o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                         "<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n",
                         f1(x), f1(y - 9), colour, f1(x + 14), f1(y), html_escape(label));
        x += w;
    }
    return rows * 20;
}


}  // namespace

/// BE, PE (and LE when not zero) as bars stacked by life-cycle stage.
std::string stage_chart(const statement_view& v, const words& tr, document_language lang) {
    const std::vector<std::string> stages = ordered_stages(v);
    std::vector<std::string> terms{"BE", "PE"};
    bool any_leakage = false;
    for (const auto& [term, list] : v.by_stage)
        if (term == "LE")
            for (const auto& [stage, g] : list) any_leakage |= g != 0;
    if (any_leakage) terms.emplace_back("LE");
    for (const auto& [term, list] : v.by_stage)
        if (std::find(terms.begin(), terms.end(), term) == terms.end() && term != "LE") terms.push_back(term);
    std::vector<std::string> used;  // stages with a value in some bar, for the legend
    for (const auto& stage : stages)
        for (const auto& term : terms)
            if (stage_grams(v, term, stage) != 0 && std::find(used.begin(), used.end(), stage) == used.end())
                used.push_back(stage);
    double lo = 0, hi = 0;
    for (const auto& term : terms) {
        double pos = 0, neg = 0;
        for (const auto& stage : stages) {
            const double t = to_tonnes(stage_grams(v, term, stage));
            (t >= 0 ? pos : neg) += t;
        }
        hi = std::max(hi, pos);
        lo = std::min(lo, neg);
    }
    const axis ax = nice_axis(lo, hi, 6);
    const double width = 760, x0 = 150, x1 = 640, top = 12, bar = 34, gap = 18;
    const linear sx{ax.lo, ax.hi, x0, x1};
    const double plot_bottom = top + static_cast<double>(terms.size()) * (bar + gap) - gap + 8;
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& stage : used) items.emplace_back(stage_colour(stage), stage_label(stage, lang));
    double legend_rows = 1, x = 0;
    for (const auto& [colour, label] : items) {  // same wrapping as legend()
        const double w = 14 + text_width(label, 12) + 18;
        if (x + w > width - 20 && x > 0) {
            x = 0;
            ++legend_rows;
        }
        x += w;
    }
    const double height = plot_bottom + 44 + legend_rows * 20 + 6;
    std::string o = svg_open("chart-stages", width, height,
                             tr("Baseline and project emissions by life-cycle stage",
                                "按生命周期阶段的基准排放与项目排放"));
    for (double t : ax.ticks) {
        o += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"{3}\"/>"
                         "<text x=\"{0}\" y=\"{4}\" class=\"tick\" text-anchor=\"middle\">{5}</text>\n",
                         f1(sx(t)), f1(top - 4), f1(plot_bottom), std::fabs(t) < ax.step * 1e-6 ? "zero" : "grid",
                         f1(plot_bottom + 15), tick_label(t, ax.step));
    }
    o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-title\" text-anchor=\"middle\">t CO2e</text>\n",
                     f1((x0 + x1) / 2), f1(plot_bottom + 32));
    double y = top;
    for (const auto& term : terms) {
        o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"bar-label\" text-anchor=\"end\">{}</text>\n", f1(x0 - 10),
                         f1(y + bar / 2 + 4), html_escape(term_label(term, tr)));
        double pos = 0, neg = 0;
        std::int64_t net = 0;
        for (const auto& stage : stages) {
            const std::int64_t g = stage_grams(v, term, stage);
            net += g;
            if (g == 0) continue;
            const double t = to_tonnes(g);
            const double from = t >= 0 ? pos : neg + t, to = t >= 0 ? pos + t : neg;
            (t >= 0 ? pos : neg) += t;
            o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"seg\" "
                             "data-term=\"{}\" data-stage=\"{}\" data-grams=\"{}\"><title>{} · {}: {} t CO2e</title></rect>\n",
                             f1(sx(from)), f1(y), f1(std::max(sx(to) - sx(from), 0.0)), f1(bar), stage_colour(stage),
                             html_escape(term), html_escape(stage), g, html_escape(term_label(term, tr)), html_escape(stage_label(stage, lang)),
                             tonnes(g));
        }
        o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\">{} t</text>\n", f1(sx(pos) + 6),
                         f1(y + bar / 2 + 4), chart_label(to_tonnes(net)));
        y += bar + gap;
    }
    legend(o, items, 20, plot_bottom + 56, width - 20);
    o += "</svg>\n";
    return o;
}

/// The reduction of each month as bars around a zero line.
std::string month_chart(const statement_view& v, const words& tr) {
    const std::size_t n = v.by_month.size();
    double lo = 0, hi = 0;
    for (const auto& [month, a] : v.by_month) {
        lo = std::min(lo, to_tonnes(a.reduction));
        hi = std::max(hi, to_tonnes(a.reduction));
    }
    const axis ax = nice_axis(lo, hi, 5);
    const bool rotate = n > 12;
    const std::size_t every = n > 24 ? (n + 23) / 24 : 1;
    const double width = 760, x0 = 86, x1 = 748, top = 24, bottom = 224;
    const double height = bottom + (rotate ? 64 : 30);
    const linear sy{ax.lo, ax.hi, bottom, top};
    std::string o = svg_open("chart-months", width, height, tr("Emission reduction by month", "各月减排量"));
    o += fmt::format("<text x=\"{}\" y=\"12\" class=\"axis-title\" text-anchor=\"end\">t CO2e</text>\n", f1(x0 - 8));
    for (double t : ax.ticks)
        o += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" class=\"{3}\"/>"
                         "<text x=\"{4}\" y=\"{5}\" class=\"tick\" text-anchor=\"end\">{6}</text>\n",
                         f1(x0), f1(x1), f1(sy(t)), std::fabs(t) < ax.step * 1e-6 ? "zero" : "grid", f1(x0 - 8),
                         f1(sy(t) + 4), tick_label(t, ax.step));
    const double band = n == 0 ? 0 : (x1 - x0) / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& [month, a] = v.by_month[i];
        const double t = to_tonnes(a.reduction);
        const double bw = std::max(band * 0.68, 1.0);
        const double cx = x0 + (static_cast<double>(i) + 0.5) * band;
        const double ya = sy(std::max(t, 0.0)), yb = sy(std::min(t, 0.0));
        o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"bar\" data-month=\"{}\" "
                         "data-grams=\"{}\"><title>{}: {} t CO2e ({} {})</title></rect>\n",
                         f1(cx - bw / 2), f1(ya), f1(bw), f1(std::max(yb - ya, 0.0)),
                         a.reduction < 0 ? colour_negative : colour_er, html_escape(month), a.reduction, html_escape(month),
                         tonnes(a.reduction), a.shipments, tr("shipments", "次装运"));
        if (i % every != 0) continue;
        if (rotate)
            o += fmt::format("<text x=\"{0}\" y=\"{1}\" class=\"tick\" text-anchor=\"end\" "
                             "transform=\"rotate(-45 {0} {1})\">{2}</text>\n",
                             f1(cx + 4), f1(bottom + 14), html_escape(month));
        else
            o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", f1(cx),
                             f1(bottom + 18), html_escape(month));
    }
    o += "</svg>\n";
    return o;
}

/// BE, PE and ER of every product, grouped by product column.
std::string product_chart(const statement_view& v, const words& tr) {
    double lo = 0, hi = 0;
    for (const auto& [col, list] : v.by_product)
        for (const auto& [id, a] : list)
            for (std::int64_t g : {a.baseline, a.project, a.reduction}) {
                lo = std::min(lo, to_tonnes(g));
                hi = std::max(hi, to_tonnes(g));
            }
    const axis ax = nice_axis(lo, hi, 6);
    const double width = 760, x0 = 230, x1 = 650, top = 10, bar = 10, space = 2, gap = 14;
    const linear sx{ax.lo, ax.hi, x0, x1};
    double body = 0;
    for (const auto& [col, list] : v.by_product)
        body += 24 + static_cast<double>(list.size()) * (3 * bar + 2 * space + gap);
    const double plot_bottom = top + body;
    const double height = plot_bottom + 44 + 26;
    std::string o = svg_open("chart-products", width, height, tr("Breakdown by product", "按产品分解"));
    for (double t : ax.ticks)
        o += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"{3}\"/>"
                         "<text x=\"{0}\" y=\"{4}\" class=\"tick\" text-anchor=\"middle\">{5}</text>\n",
                         f1(sx(t)), f1(top), f1(plot_bottom), std::fabs(t) < ax.step * 1e-6 ? "zero" : "grid",
                         f1(plot_bottom + 15), tick_label(t, ax.step));
    o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-title\" text-anchor=\"middle\">t CO2e</text>\n",
                     f1((x0 + x1) / 2), f1(plot_bottom + 32));
    double y = top;
    for (const auto& [col, list] : v.by_product) {
        o += fmt::format("<text x=\"10\" y=\"{}\" class=\"group-label\">{}</text>\n", f1(y + 14),
                         html_escape(product_column_label(col, tr)));
        y += 24;
        for (const auto& [id, a] : list) {
            o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"bar-label\" text-anchor=\"end\">{}<title>{}</title></text>\n",
                             f1(x0 - 10), f1(y + 1.5 * bar + space + 4), html_escape(clip(id, 30)), html_escape(id));
            const std::array<std::tuple<const char*, std::int64_t, const char*>, 3> bars{
                std::tuple{"BE", a.baseline, colour_be}, std::tuple{"PE", a.project, colour_pe},
                std::tuple{"ER", a.reduction, a.reduction < 0 ? colour_negative : colour_er}};
            for (const auto& [term, g, colour] : bars) {
                const double t = to_tonnes(g);
                const double xa = sx(std::min(t, 0.0)), xb = sx(std::max(t, 0.0));
                o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"bar\" "
                                 "data-column=\"{}\" data-product=\"{}\" data-term=\"{}\" data-grams=\"{}\">"
                                 "<title>{} · {}: {} t CO2e</title></rect>\n",
                                 f1(xa), f1(y), f1(std::max(xb - xa, 0.0)), f1(bar), colour, html_escape(col), html_escape(id), term, g,
                                 html_escape(id), term, tonnes(g));
                o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value small\"{}>{}</text>\n",
                                 f1(t < 0 ? xa - 4 : xb + 4), f1(y + bar - 1), t < 0 ? " text-anchor=\"end\"" : "",
                                 chart_label(t));
                y += bar + space;
            }
            y += gap - space;
        }
    }
    std::vector<std::pair<std::string, std::string>> items{{colour_be, tr("Baseline (BE)", "基准 (BE)")},
                                                           {colour_pe, tr("Project (PE)", "项目 (PE)")},
                                                           {colour_er, tr("Reduction (ER)", "减排量 (ER)")}};
    bool any_negative = false;
    for (const auto& [col, list] : v.by_product)
        for (const auto& [id, a] : list) any_negative |= a.reduction < 0;
    if (any_negative) items.emplace_back(colour_negative, tr("Reduction below zero", "负减排量"));
    legend(o, items, 20, plot_bottom + 56, width - 20);
    o += "</svg>\n";
    return o;
}

std::vector<sensitivity_entry> tornado_bars(const uncertainty_view& u) {
    std::vector<sensitivity_entry> bars(u.sensitivity.begin(),
                                        u.sensitivity.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(10, u.sensitivity.size())));
    std::stable_sort(bars.begin(), bars.end(), [](const sensitivity_entry& a, const sensitivity_entry& b) {
        return std::fabs(a.er_high_t - a.er_low_t) > std::fabs(b.er_high_t - b.er_low_t);
    });
    return bars;
}

/// One bar per factor (the section's 10 first, by Sobol index; widest first) from ER at its
/// multiplier's 2.5 % quantile to ER at its 97.5 % quantile, every other
/// factor at its value; a line at the deterministic ER.
std::string tornado_chart(const uncertainty_view& u, const words& tr) {
    const std::vector<sensitivity_entry> bars = tornado_bars(u);
    const double er0 = to_tonnes(u.reduction_g);
    double lo = er0, hi = er0;
    for (const auto& b : bars) {
        lo = std::min({lo, b.er_low_t, b.er_high_t});
        hi = std::max({hi, b.er_low_t, b.er_high_t});
    }
    if (!(hi > lo)) hi = lo + 1;
    // An axis around the bars (not from zero: the spread is what the chart shows).
    const double raw = (hi - lo) / 6, mag = std::pow(10.0, std::floor(std::log10(raw))), f = raw / mag;
    const double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    const double alo = std::floor(lo / step) * step, ahi = std::ceil(hi / step) * step;
    const double width = 760, x0 = 360, x1 = 756, top = 26, bar = 18, gap = 8;
    // The plot leaves room at both ends for the figures beside the bars.
    const linear sx{alo, ahi > alo ? ahi : alo + step, x0 + 44, x1 - 44};
    const double plot_bottom = top + static_cast<double>(bars.size()) * (bar + gap) - gap + 6;
    const double height = plot_bottom + 40;
    std::string o = svg_open("tornado-chart", width, height,
                             tr("ER with one factor at its 2.5 % and 97.5 % quantiles", "单一因子取 2.5 % 与 97.5 % 分位数时的减排量"));
    for (long long i = std::llround(alo / step); i <= std::llround(ahi / step); ++i) {
        const double t = static_cast<double>(i) * step;
        o += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"grid\"/>"
                         "<text x=\"{0}\" y=\"{3}\" class=\"tick\" text-anchor=\"middle\">{4}</text>\n",
                         f1(sx(t)), f1(top - 4), f1(plot_bottom), f1(plot_bottom + 15), tick_label(t, step));
    }
    o += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"zero\" data-er0-t=\"{3}\"/>"
                     "<text x=\"{0}\" y=\"{4}\" class=\"tick\" text-anchor=\"middle\">ER0 {5} t</text>\n",
                     f1(sx(er0)), f1(top - 10), f1(plot_bottom), tonnes(u.reduction_g), f1(top - 14), chart_label(er0));
    o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-title\" text-anchor=\"middle\">{}</text>\n",
                     f1(sx((alo + ahi) / 2)), f1(plot_bottom + 32), tr("ER, t CO2e", "减排量，t CO2e"));
    double y = top;
    for (const auto& b : bars) {
        const double a = std::min(b.er_low_t, b.er_high_t), z = std::max(b.er_low_t, b.er_high_t);
        o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"bar-label\" text-anchor=\"end\">{} · {} %</text>\n",
                         f1(x0 - 8), f1(y + bar / 2 + 4), html_escape(clip(b.factor_id, 42)),
                         fmt::format("{:.1f}", 100 * b.share));
        o += fmt::format("<g class=\"tornado-bar\" data-factor=\"{}\" data-er-p2-5-t=\"{}\" data-er-p97-5-t=\"{}\">"
                         "<title>{}: {} … {} t CO2e (rho {:.3f})</title>",
                         html_escape(b.factor_id), b.er_low_text, b.er_high_text, html_escape(b.factor_id),
                         chart_label(b.er_low_t), chart_label(b.er_high_t), b.rho);
        if (er0 > a)
            o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", f1(sx(a)), f1(y),
                             f1(sx(std::min(er0, z)) - sx(a)), f1(bar), colour_negative);
        if (z > er0)
            o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", f1(sx(std::max(er0, a))),
                             f1(y), f1(sx(z) - sx(std::max(er0, a))), f1(bar), colour_er);
        o += "</g>\n";
        o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value small\" text-anchor=\"end\">{}</text>"
                         "<text x=\"{}\" y=\"{}\" class=\"value small\">{}</text>\n",
                         f1(sx(a) - 3), f1(y + bar - 4), chart_label(a), f1(sx(z) + 3), f1(y + bar - 4), chart_label(z));
        y += bar + gap;
    }
    o += "</svg>\n";
    return o;
}

}  // namespace footprint::detail::statement_rendering
