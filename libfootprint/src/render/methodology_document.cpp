// A methodology rendered as a document (see methodology_document.hpp).

#include "footprint/render/methodology_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "render/detail/document_model.hpp"
#include "footprint/core/number_text.hpp"

namespace footprint {
namespace {

using detail::code;
using detail::column_align;
using detail::inline_text;
using lang_t = document_language;

// ---- expressions as people read them ------------------------------------------

int precedence(const expr::node& n) {
    if (n.kind == expr::node_kind::binary) {
        switch (n.op) {
            case expr::binary_op::logical_or: return 1;
            case expr::binary_op::logical_and: return 2;
            case expr::binary_op::lt: case expr::binary_op::le: case expr::binary_op::gt:
            case expr::binary_op::ge: case expr::binary_op::eq: case expr::binary_op::ne: return 4;
            case expr::binary_op::add: case expr::binary_op::sub: return 5;
            case expr::binary_op::mul: case expr::binary_op::div: return 6;
        }
    }
    if (n.kind == expr::node_kind::logical_not) return 3;
    if (n.kind == expr::node_kind::negate) return 7;
    return 8;
}

std::string_view readable_symbol(expr::binary_op op) {
    switch (op) {
        case expr::binary_op::add: return "+";
        case expr::binary_op::sub: return "\u2212";
        case expr::binary_op::mul: return "\u00d7";
        case expr::binary_op::div: return "/";
        case expr::binary_op::lt: return "<";
        case expr::binary_op::le: return "\u2264";
        case expr::binary_op::gt: return ">";
        case expr::binary_op::ge: return "\u2265";
        case expr::binary_op::eq: return "=";
        case expr::binary_op::ne: return "\u2260";
        case expr::binary_op::logical_and: return "and";
        case expr::binary_op::logical_or: return "or";
    }
    return "?";
}

bool needs_parentheses(const expr::node& child, int parent_prec, bool right) {
    int p = precedence(child);
    // Left-associative operators: a − (b − c) and a / (b × c) keep their parentheses.
    if (p < parent_prec || (right && p == parent_prec && child.kind == expr::node_kind::binary)) return true;
    // `and` inside `or` binds tighter anyway; the parentheses are for the reader.
    return parent_prec == 1 && p == 2;
}

std::string wrapped(const expr::node& child, int parent_prec, bool right) {
    std::string s = readable_expression(child);
    return needs_parentheses(child, parent_prec, right) ? "(" + s + ")" : s;
}

/// Number of characters (UTF-8 code points) in `s`, for aligning formula lines.
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

/// The column after `text` when it starts at `col` (lines after the first carry their own indentation).
std::size_t end_column(const std::string& text, std::size_t col) {
    auto nl = text.rfind('\n');
    return nl == std::string::npos ? col + width(text) : width(std::string_view(text).substr(nl + 1));
}

constexpr std::size_t max_formula_width = 100;

/// One term of a sum, the sign it is added with (empty for the first) and
/// whether it needs parentheses there.
struct sum_term {
    std::string sign;
    const expr::node* node = nullptr;
    bool parentheses = false;
};

void sum_terms(const expr::node& n, std::vector<sum_term>& out) {
    if (n.kind == expr::node_kind::binary && (n.op == expr::binary_op::add || n.op == expr::binary_op::sub)) {
        sum_terms(*n.args[0], out);
        const expr::node& r = *n.args[1];
        out.push_back({n.op == expr::binary_op::sub ? "\u2212" : "+", &r, needs_parentheses(r, 5, true)});
        return;
    }
    out.push_back({"", &n, precedence(n) < 5});
}

/// The expression laid out from column `col`: on one line when it fits, else
/// a sum one term per line (signs two columns left of the terms), a call one
/// argument per line aligned after its parenthesis, and so on down the tree.
std::string layout(const expr::node& n, std::size_t col) {
    std::string flat = readable_expression(n);
    if (col + width(flat) <= max_formula_width) return flat;
    auto nested = [](const expr::node& child, bool parentheses, std::size_t at) {
        if (!parentheses) return layout(child, at);
        std::string out(1, '(');
        out += layout(child, at + 1);
        out += ')';
        return out;
    };
    switch (n.kind) {
        case expr::node_kind::call: {
            if (n.args.empty()) return flat;
            std::string out = n.text + "(";
            const std::size_t arg_col = col + width(out);
            for (std::size_t i = 0; i < n.args.size(); ++i) {
                if (i) out += ",\n" + std::string(arg_col, ' ');
                std::string keyword =
                    i < n.arg_names.size() && !n.arg_names[i].empty() ? n.arg_names[i] + " = " : std::string();
                out += keyword + layout(*n.args[i], arg_col + width(keyword));
            }
            return out + ")";
        }
        case expr::node_kind::binary: {
            if (n.op == expr::binary_op::add || n.op == expr::binary_op::sub) {
                std::vector<sum_term> terms;
                sum_terms(n, terms);
                const std::string indent(col >= 2 ? col - 2 : 0, ' ');
                std::string out = nested(*terms[0].node, terms[0].parentheses, col);
                for (std::size_t i = 1; i < terms.size(); ++i)
                    out += "\n" + indent + terms[i].sign + " " + nested(*terms[i].node, terms[i].parentheses, col);
                return out;
            }
            const int p = precedence(n);
            std::string out = nested(*n.args[0], needs_parentheses(*n.args[0], p, false), col);
            out += " " + std::string(readable_symbol(n.op)) + " ";
            return out + nested(*n.args[1], needs_parentheses(*n.args[1], p, true), end_column(out, col));
        }
        case expr::node_kind::negate:
            return "\u2212" + nested(*n.args[0], needs_parentheses(*n.args[0], 7, false), col + 1);
        case expr::node_kind::logical_not:
            return "not " + nested(*n.args[0], needs_parentheses(*n.args[0], 3, false), col + 4);
        default: return flat;
    }
}

/// `head expression` (head is e.g. `BE_x =` or `ER ≤`), laid out to fit.
std::string formula_lines(const std::string& head, const expr::node& e) {
    return head + " " + layout(e, width(head) + 1);
}

/// A list of names as a sum: `BE = BE_a + BE_b`, one term per line when long.
std::string sum_lines(const std::string& total, const std::vector<std::string>& names) {
    std::string one = total + " = ";
    for (std::size_t i = 0; i < names.size(); ++i) one += (i ? " + " : "") + names[i];
    if (width(one) <= max_formula_width) return one;
    std::string out = total + " = " + names[0];
    std::string indent(width(total) + 1, ' ');
    for (std::size_t i = 1; i < names.size(); ++i) out += "\n" + indent + "+ " + names[i];
    return out;
}

// ---- texts ------------------------------------------------------------------

/// Footprint's sentences in the document's language, and the file's texts in it where given.
struct texts : detail::texts {
    [[nodiscard]] const std::string& pick(const bilingual& b) const { return detail::pick(lang, b.en, b.zh); }
};

using detail::stage_name;

std::string scenario_name(const std::string& s, const texts& tr) {
    if (s == "baseline") return tr("Baseline", "基准情景");
    if (s == "project") return tr("Project", "项目情景");
    if (s == "leakage") return tr("Leakage", "泄漏");
    return s;
}

std::string mode_name(rounding_mode r, const texts& tr) {
    switch (r) {
        case rounding_mode::down: return tr("rounded down", "向下取整");
        case rounding_mode::up: return tr("rounded up", "向上取整");
        case rounding_mode::nearest: return tr("rounded to the nearest gram", "四舍五入至克");
    }
    return "?";
}

inline_text citation_cell(const citation& c, const texts& tr) {
    inline_text t;
    if (c.is_assumption()) {
        t.b(tr("Assumption:", "假设：")).t(" ").t(detail::sentence(c.assumption, tr.lang));
        if (!c.reason.empty()) t.t(tr(" Reason: ", "理由：") + c.reason);
        return t;
    }
    t.c(c.source_id);
    if (!c.table.empty()) t.t(", " + c.table);
    return t;
}

bool is_lookup(const std::string& f) {
    static const std::set<std::string> names{"factor",      "cfp",         "cfp_per_trip", "trip_inventory",
                                             "capacity",    "tare",        "gross_mass",   "per_vehicle",
                                             "design_life", "expected_trips", "folded_ratio", "reusable",
                                             "vehicle_payload", "vehicle_per_km"};
    return names.count(f) != 0;
}

/// Every call of a look-up function in `n`, in the order written.
void collect_lookups(const expr::node& n, std::vector<const expr::node*>& out) {
    if (n.kind == expr::node_kind::call && is_lookup(n.text)) out.push_back(&n);
    for (const auto& a : n.args) collect_lookups(*a, out);
}

/// Whole numbers without an exponent (100000, not 1e+05); others in their shortest exact form.
std::string plain_number(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
    return shortest_text(v);
}

std::string file_name(const methodology& m) {
    std::string f = std::filesystem::path(m.file).filename().string();
    return f.empty() ? m.id + ".yaml" : f;
}

// ---- the document -------------------------------------------------------------

/// 1 Introduction: the summary and what ER is.
void introduction_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("1 Introduction", "1 摘要"), "introduction");
    const std::string& summary = tr.pick(m.summary);
    d.paragraph(summary.empty() ? tr("No summary is given.", "未给出摘要。") : summary);
    d.paragraph(tr("Emission reductions are computed per shipment as ER = BE \u2212 PE \u2212 LE: baseline emissions "
                   "less project emissions less leakage, each the sum of its components in section 7, in whole "
                   "grams CO2e.",
                   "减排量按每次装运计算：ER = BE \u2212 PE \u2212 LE，即基准排放减去项目排放再减去泄漏，"
                   "三者分别为第7节中各组成部分之和，以整数克CO2e计。"));
}

/// 2 Scope, applicability, entry into force and normative references.
void scope_section(detail::document& d, const methodology& m, const texts& tr, lang_t lang) {
    d.heading(2, tr("2 Scope, applicability and entry into force", "2 范围、适用性与生效"), "scope");
    d.heading(3, tr("2.1 Scope and applicability", "2.1 范围与适用性"));
    d.paragraph(tr("This methodology applies to projects and shipments that meet every applicability condition of "
                   "section 4. Its functional unit is defined in section 3 and its project boundary in section 5.",
                   "本方法学适用于满足第4节全部适用条件的项目及装运。功能单位见第3节，项目边界见第5节。"));
    d.heading(3, tr("2.2 Entry into force", "2.2 生效"));
    {
        inline_text t;
        if (lang == lang_t::zh)
            t.t("本文件为方法学 ").c(m.id).t(" 的 " + m.version + " 版，读取自 ").c(file_name(m));
        else
            t.t("This is version " + m.version + " of methodology ").c(m.id).t(", read from ").c(file_name(m));
        t.t(tr(". A version is identified by the SHA-256 digest of its canonical content, ",
               "。每个版本由其规范化内容的SHA-256数字指纹标识："));
        t.c(m.digest);
        t.t(tr(". Every statement computed with it records id, version and digest; any change of content changes "
               "the digest.",
               "。按本方法学计算的每份声明均记录其标识、版本与数字指纹；内容的任何改动都会改变数字指纹。"));
        d.paragraph(std::move(t));
    }
    d.heading(3, tr("2.3 Normative references", "2.3 规范性引用文件"), "references");
    if (m.references.empty()) {
        d.paragraph(tr("None.", "无。"));
    } else {
        std::vector<inline_text> refs;
        for (const auto& r : m.references) refs.emplace_back(r);
        d.bullets(std::move(refs));
    }
}

/// 3 Definitions.
void definitions_section(detail::document& d, const methodology& m, const texts& tr, lang_t lang) {
    d.heading(2, tr("3 Definitions", "3 定义"), "definitions");
    {
        std::vector<inline_text> defs;
        defs.push_back(inline_text().b(tr("Functional unit:", "功能单位：")).t(" " + tr.pick(m.functional_unit)));
        defs.push_back(inline_text()
                           .b(tr("Baseline emissions (BE):", "基准排放（BE）："))
                           .t(" " + tr("the emissions of the baseline scenario (section 6), the sum of the "
                                       "components in section 7.2.",
                                       "基准情景（第6节）的排放，即第7.2节各组成部分之和。")));
        defs.push_back(inline_text()
                           .b(tr("Project emissions (PE):", "项目排放（PE）："))
                           .t(" " + tr("the emissions of the project inside the boundary (section 5), the sum of "
                                       "the components in section 7.3.",
                                       "边界（第5节）内项目活动的排放，即第7.3节各组成部分之和。")));
        defs.push_back(inline_text()
                           .b(tr("Leakage (LE):", "泄漏（LE）："))
                           .t(" " + tr("emissions outside the boundary that the project causes, the sum of the "
                                       "components in section 7.4.",
                                       "项目在边界之外引起的排放，即第7.4节各组成部分之和。")));
        defs.push_back(inline_text()
                           .b(tr("Emission reductions (ER):", "减排量（ER）："))
                           .t(" ER = BE \u2212 PE \u2212 LE" + tr(".", "。")));
        defs.push_back(inline_text()
                           .b(tr("Fixed parameter:", "固定参数："))
                           .t(" " + tr("a value fixed ex ante with its source or a labelled assumption (section 8).",
                                       "事先确定并注明来源或标明为假设的数值（第8节）。")));
        defs.push_back(inline_text()
                           .b(tr("Monitored parameter:", "监测参数："))
                           .t(" " + tr("a value recorded for every shipment (section 9).",
                                       "每次装运记录的数值（第9节）。")));
        std::string stages;
        for (auto s : all_stages) stages += (stages.empty() ? "" : tr(", ", "、")) + stage_name(s, lang);
        defs.push_back(inline_text()
                           .b(tr("Life-cycle stages (ISO 14067):", "生命周期阶段（ISO 14067）："))
                           .t(" " + stages + tr(".", "。")));
        d.bullets(std::move(defs));
    }
}

/// 4 Applicability conditions.
void applicability_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("4 Applicability conditions", "4 适用条件"), "applicability");
    if (m.applicability.empty()) {
        d.paragraph(tr("No applicability conditions are declared.", "未声明适用条件。"));
    } else {
        d.paragraph(tr("A condition with a check is evaluated by footprint. A check that depends only on fixed "
                       "parameters, catalog data and factors is evaluated once, when the methodology is bound, and a "
                       "false one refuses the methodology. A check that reads monitored parameters is evaluated for "
                       "every shipment, and a shipment that fails it is rejected with the condition's id. A "
                       "condition without a check is verified by the validator.",
                       "带有检查表达式的条件由footprint计算：仅依赖固定参数、目录数据与排放因子的检查在方法学绑定时计算一次，"
                       "不成立则拒绝该方法学；读取监测参数的检查对每次装运计算，不满足的装运连同条件编号被拒绝。"
                       "没有检查表达式的条件由审定机构核实。"));
        detail::table t;
        t.header = {tr("ID", "编号"), tr("Condition", "条件"), tr("Check", "检查")};
        for (const auto& c : m.applicability) {
            t.rows.push_back({code(c.id), tr.pick(c.text),
                              c.check ? code(readable_expression(*c.check))
                                      : inline_text(tr("verified at validation", "审定时核实"))});
        }
        d.add_table(std::move(t));
    }
}

/// 5 Project boundary.
void boundary_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("5 Project boundary", "5 项目边界"), "boundary");
    if (m.boundary.empty()) {
        d.paragraph(tr("No emission sources are listed.", "未列出排放源。"));
    } else {
        detail::table t;
        t.header = {tr("Scenario", "情景"), tr("Source", "排放源"), tr("Gases", "温室气体"),
                    tr("Included?", "是否包括"), tr("Justification", "理由")};
        for (const auto& b : m.boundary) {
            std::string gases;
            for (const auto& g : b.gases) gases += (gases.empty() ? "" : ", ") + g;
            t.rows.push_back({scenario_name(b.scenario, tr), b.source, gases,
                              b.included ? tr("Yes", "是") : tr("No", "否"), b.why});
        }
        d.add_table(std::move(t));
    }
}

/// 6 Baseline scenario.
void baseline_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("6 Baseline scenario", "6 基准情景"), "baseline");
    d.paragraph(tr.pick(m.baseline_scenario));
}

/// 7 Emission reductions: the equations, term by term.
void equations_section(detail::document& d, const methodology& m, const texts& tr, lang_t lang) {
    d.heading(2, tr("7 Emission reductions", "7 减排量计算"), "equations");
    d.paragraph(tr("Every equation is evaluated per shipment. Names refer to the parameters of sections 8 and 9, to "
                   "other equations, or to built-in functions (factor and catalog look-ups, min, max, pow, if, "
                   "year). Each component of BE, PE and LE is rounded to whole grams CO2e as section 10 declares "
                   "before the components are summed.",
                   "每个方程均按每次装运计算。方程中的名称指第8、9节的参数、其他方程或内置函数（排放因子与目录查询、min、max、"
                   "pow、if、year）。BE、PE、LE的每个组成部分先按第10节的规定取整至克CO2e，再求和。"));
    int number = 0;
    auto equation_blocks = [&](const equation& e) {
        ++number;
        inline_text head;
        head.b(tr("Equation (", "公式（") + std::to_string(number) + tr(")", "）")).t(" ").c(e.name);
        const std::string& text = tr.pick(e.text);
        if (!text.empty()) head.t(tr(": ", "：") + text);
        d.paragraph(std::move(head));
        if (e.term == emission_term::memo) {
            d.paragraph(tr("Reported beside BE, PE and LE (memo); never added to them.",
                           "与BE、PE、LE并列报告（备忘项），不计入其中。"));
        } else if (e.term != emission_term::none) {
            std::string meta = tr("Component of ", "") + std::string(term_name(e.term)) + tr("", " 的组成部分");
            if (e.stage) meta += tr("; life-cycle stage: ", "；生命周期阶段：") + stage_name(*e.stage, lang);
            meta += tr(".", "。");
            if (e.credit) meta += tr(" Declared a credit: it may be negative.", "声明为抵减项，可为负值。");
            d.paragraph(meta);
        }
        d.formula(e.expression ? formula_lines(e.name + " =", *e.expression) : e.name + " = " + e.expression_text);
    };
    struct group {
        emission_term term;
        const char* en;
        const char* zh;
        const char* total;
    };
    const group groups[] = {
        {emission_term::none, "7.1 Intermediate quantities", "7.1 中间量", ""},
        {emission_term::baseline, "7.2 Baseline emissions (BE)", "7.2 基准排放（BE）", "BE"},
        {emission_term::project, "7.3 Project emissions (PE)", "7.3 项目排放（PE）", "PE"},
        {emission_term::leakage, "7.4 Leakage (LE)", "7.4 泄漏（LE）", "LE"},
    };
    for (const auto& g : groups) {
        d.heading(3, tr(g.en, g.zh));
        std::vector<std::string> names;
        for (const auto& e : m.equations)
            if (e.term == g.term) names.push_back(e.name);
        if (g.term == emission_term::none) {
            if (names.empty()) d.paragraph(tr("None.", "无。"));
        } else if (names.empty()) {
            d.paragraph(std::string(g.total) + tr(" = 0: no equation is a component of ", " = 0：没有方程是 ") +
                        g.total + tr(".", " 的组成部分。"));
        } else {
            d.formula(sum_lines(g.total, names));
        }
        for (const auto& e : m.equations)
            if (e.term == g.term) equation_blocks(e);
    }
    d.heading(3, tr("7.5 Emission reductions (ER)", "7.5 减排量（ER）"));
    d.formula("ER = BE \u2212 PE \u2212 LE");
    d.paragraph(tr("ER is the sum of the rounded components: an integer number of grams CO2e per shipment, exact when "
                   "summed over shipments in any order.",
                   "ER由取整后的各组成部分求和得到，为每次装运的整数克CO2e；对多次装运按任意顺序求和结果都完全一致。"));
    if (std::any_of(m.equations.begin(), m.equations.end(),
                    [](const equation& e) { return e.term == emission_term::memo; })) {
        d.heading(3, tr("7.6 Reported beside the terms (memo)", "7.6 并列报告项（备忘项）"));
        d.paragraph(tr("Rounded to the nearest gram per shipment and summed in statements like the components, "
                       "but not part of BE, PE, LE or ER.",
                       "每次装运四舍五入至克，并像各组成部分一样在声明中求和，但不属于BE、PE、LE或ER。"));
        for (const auto& e : m.equations)
            if (e.term == emission_term::memo) equation_blocks(e);
    }
}

/// The ranges scenario overrides must stay in, when the methodology declares any.
void fixed_ranges_table(detail::document& d, const methodology& m, const texts& tr) {
    if (std::none_of(m.fixed.begin(), m.fixed.end(), [](const fixed_parameter& p) { return p.minimum || p.maximum; }))
        return;
    d.paragraph(tr("A scenario may override a fixed parameter (footprint --set NAME=VALUE, Python overrides=), "
                   "within the range the methodology declares for it; an override outside it is refused.",
                   "情景可覆盖固定参数（footprint --set 名称=数值，Python overrides=），但须在方法学为其声明的范围内；"
                   "超出范围的覆盖将被拒绝。"));
    detail::table t;
    t.header = {tr("Name", "名称"), tr("Range", "范围"), tr("Why", "理由")};
    for (const auto& p : m.fixed)
        if (p.minimum || p.maximum) t.rows.push_back({code(p.name), range_text(p), p.range_why});
    d.add_table(std::move(t));
}

/// The distributions parameters declare (`uncertainty:`), when any declares one,
/// each as factor_distribution::describe() writes it (in English).
template <class Parameter>
void distributions_table(detail::document& d, const std::vector<Parameter>& ps, const texts& tr, const std::string& what) {
    if (std::none_of(ps.begin(), ps.end(), [](const Parameter& p) { return p.distribution.has_value(); })) return;
    d.paragraph(what);
    detail::table t;
    t.header = {tr("Name", "名称"), tr("Distribution of the multiplier", "乘数的分布")};
    for (const auto& p : ps)
        if (p.distribution) t.rows.push_back({code(p.name), p.distribution->describe()});
    d.add_table(std::move(t));
}

/// 8 Data and parameters not monitored, and the look-ups.
void fixed_data_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("8 Data and parameters not monitored", "8 不需监测的数据和参数"), "fixed");
    if (m.fixed.empty()) {
        d.paragraph(tr("The methodology fixes no parameter of its own.", "本方法学未设定自有的固定参数。"));
    } else {
        detail::table t;
        t.header = {tr("Name", "名称"), tr("Description", "说明"), tr("Value", "数值"), tr("Unit", "单位"),
                    tr("Source", "来源")};
        t.align = {column_align::left, column_align::left, column_align::right, column_align::left, column_align::left};
        for (const auto& p : m.fixed)
            t.rows.push_back({code(p.name), tr.pick(p.description), plain_number(p.value.value), p.value.unit.text,
                              citation_cell(p.cited, tr)});
        d.add_table(std::move(t));
        fixed_ranges_table(d, m, tr);
        distributions_table(d, m.fixed, tr,
                            tr("A Monte Carlo draws these parameters from the distribution the methodology declares, "
                               "as a multiplier of the value above; the others are held at their values.",
                               "蒙特卡罗模拟按方法学声明的分布抽取以下参数，作为上表数值的乘数；其余参数保持其数值。"));
    }
    {
        // Look-ups: the factors and catalog data the equations read, resolved when the plan is bound.
        // Who uses each look-up: equation and condition names (as code), or the plausibility check (as text).
        std::map<std::string, std::vector<std::pair<std::string, bool>>> used_by;
        std::vector<std::string> order;
        auto scan = [&](const expr::node_ptr& n, const std::string& where, bool is_name) {
            if (!n) return;
            std::vector<const expr::node*> calls;
            collect_lookups(*n, calls);
            for (const auto* c : calls) {
                std::string key = readable_expression(*c);
                auto [it, fresh] = used_by.try_emplace(key);
                if (fresh) order.push_back(key);
                std::pair<std::string, bool> user{where, is_name};
                if (std::find(it->second.begin(), it->second.end(), user) == it->second.end())
                    it->second.push_back(std::move(user));
            }
        };
        for (const auto& c : m.applicability) scan(c.check, c.id, true);
        for (const auto& e : m.equations) scan(e.expression, e.name, true);
        scan(m.plausibility_limit, tr("plausibility check", "合理性检查"), false);
        if (!order.empty()) {
            d.paragraph(tr("The equations also read emission factors from the factor set and product data from the "
                           "packaging catalog. A look-up whose arguments are constants is resolved once, when the "
                           "methodology is bound; one whose arguments come from the shipment (product, region, year "
                           "of the date) becomes a table resolved once per distinct key. Every value used, with its "
                           "source and fallback path, is recorded in the statement.",
                           "方程还会从排放因子集读取排放因子、从包装目录读取产品数据。参数均为常量的查询在方法学绑定时计算一次；"
                           "参数来自装运数据（产品、区域、日期年份）的查询成为查找表，每个不同的键只解析一次。"
                           "所用的每个数值连同其来源和回退路径都记录在声明中。"));
            detail::table t;
            t.header = {tr("Look-up", "查询"), tr("Used in", "用于")};
            for (const auto& key : order) {
                inline_text users;
                const auto& list = used_by[key];
                for (std::size_t i = 0; i < list.size(); ++i) {
                    if (i) users.t(", ");
                    if (list[i].second)
                        users.c(list[i].first);
                    else
                        users.t(list[i].first);
                }
                t.rows.push_back({code(key), users});
            }
            d.add_table(std::move(t));
        }
    }
}

/// 9 Data and parameters monitored.
void monitored_data_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("9 Data and parameters monitored", "9 需监测的数据和参数"), "monitored");
    if (m.monitored.empty()) {
        d.paragraph(tr("None.", "无。"));
    } else {
        detail::table t;
        t.header = {tr("Name", "名称"), tr("Description", "说明"), tr("Type", "类型"), tr("Unit", "单位"),
                    tr("Range", "范围"), tr("Measurement method", "测量方法"), tr("Frequency", "频次")};
        for (const auto& p : m.monitored) {
            const bool numeric = p.type == parameter_type::number || p.type == parameter_type::integer;
            std::string type(parameter_type_name(p.type));
            if (!p.required) type += tr(" (optional)", "（可选）");
            std::string range = "\u2014";
            if (p.minimum && p.maximum)
                range = plain_number(*p.minimum) + " \u2013 " + plain_number(*p.maximum);
            else if (p.minimum)
                range = "\u2265 " + plain_number(*p.minimum);
            else if (p.maximum)
                range = "\u2264 " + plain_number(*p.maximum);
            t.rows.push_back({code(p.name), tr.pick(p.description), type, numeric ? p.unit.text : "\u2014", range,
                              p.measured_how.empty() ? "\u2014" : p.measured_how,
                              p.frequency.empty() ? "\u2014" : p.frequency});
        }
        d.add_table(std::move(t));
        d.paragraph(tr("A shipment whose value is missing (for a required parameter), not of the declared type, or "
                       "outside the range is rejected with the reason; nothing is dropped silently.",
                       "缺少必填参数值、类型不符或超出范围的装运将连同原因被拒绝，不会有任何数据被静默丢弃。"));
        distributions_table(d, m.monitored, tr,
                            tr("A Monte Carlo multiplies every shipment's value of these parameters by one draw per "
                               "iteration from the distribution the methodology declares (an error of the measuring "
                               "method, shared by all shipments); the others are held at the values read.",
                               "蒙特卡罗模拟每次迭代按方法学声明的分布抽取一次乘数，乘以所有装运的该参数值（测量方法的误差，"
                               "由所有装运共享）；其余参数保持读取的数值。"));
    }
}

/// 10 Rounding and conservativeness.
void rounding_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("10 Rounding and conservativeness", "10 数值修约与保守性"), "rounding");
    {
        std::vector<inline_text> items;
        items.push_back(inline_text()
                            .b(tr("Resolution:", "分辨率："))
                            .t(" " + tr("whole grams CO2e", "整数克CO2e") + " (").c(m.rounding.resolution).t(")"));
        items.push_back(inline_text().b(tr("Baseline components:", "基准排放组成部分："))
                            .t(" " + mode_name(m.rounding.baseline, tr)));
        items.push_back(inline_text().b(tr("Project components:", "项目排放组成部分："))
                            .t(" " + mode_name(m.rounding.project, tr)));
        items.push_back(inline_text().b(tr("Leakage components:", "泄漏组成部分："))
                            .t(" " + mode_name(m.rounding.leakage, tr)));
        items.push_back(inline_text().b(tr("Issuance:", "签发：")).t(" " + m.rounding.issuance));
        d.bullets(std::move(items));
    }
    d.heading(3, tr("Conservativeness", "保守性"));
    const std::string& cons = tr.pick(m.conservativeness);
    d.paragraph(cons.empty() ? tr("No statement on conservativeness is given.", "未给出保守性说明。") : cons);
}

/// 11 Plausibility check.
void plausibility_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("11 Plausibility check", "11 合理性检查"), "plausibility");
    if (m.plausibility_limit) {
        d.paragraph(tr("The reduction of a shipment must not exceed this limit:",
                       "每次装运的减排量不得超过以下上限："));
        d.formula(formula_lines("ER \u2264", *m.plausibility_limit));
        d.paragraph(tr("A shipment whose reduction exceeds this limit is flagged as implausible in the statement "
                       "and reported for review; it is not rejected.",
                       "减排量超过该上限的装运在声明中被标记为不合理并提交复核，但不会被拒绝。"));
    } else {
        d.paragraph(tr("No plausibility limit is declared.", "未声明合理性上限。"));
    }
}

/// 12 Sources and the document record.
void sources_section(detail::document& d, const methodology& m, const texts& tr) {
    d.heading(2, tr("12 Sources", "12 参考文献"), "sources");
    if (m.sources.empty()) {
        d.paragraph(tr("The methodology file cites no sources of its own; factor and catalog sources are recorded "
                       "with the values they give.",
                       "方法学文件本身未引用来源；排放因子与目录数据的来源随其数值一并记录。"));
    } else {
        std::vector<inline_text> items;
        for (const auto& s : m.sources) {
            inline_text t;
            t.c(s.id).t(tr(": ", "：") + s.publisher + ", " + s.title);
            t.t(s.year != 0 ? " (" + std::to_string(s.year) + ")" : tr(" (year not stated)", "（年份未注明）"));
            if (!s.url.empty()) t.t(". ").c(s.url);
            if (!s.licence.empty()) t.t(tr(". Licence: ", "。许可：") + s.licence);
            items.push_back(std::move(t));
        }
        d.bullets(std::move(items));
    }
    d.heading(3, tr("Document record", "文件记录"));
    d.bullets({inline_text().b(tr("Methodology:", "方法学：")).t(" ").c(m.id),
               inline_text().b(tr("Version:", "版本：")).t(" " + m.version),
               inline_text().b(tr("Digest (SHA-256):", "数字指纹（SHA-256）：")).t(" ").c(m.digest),
               inline_text().b(tr("File:", "文件：")).t(" ").c(file_name(m))});
}

detail::document build(const methodology& m, lang_t lang) {
    texts tr{lang};
    detail::document d;
    d.lang = lang;
    const std::string& title = tr.pick(m.title);
    d.title = title + " (" + m.id + " " + m.version + ")";

    d.heading(1, title);
    {
        inline_text t;
        t.b(tr("Methodology", "方法学")).t(" ").c(m.id).t(" \u00b7 ").b(tr("Version", "版本")).t(" " + m.version);
        t.t(" \u00b7 ").b(tr("Digest (SHA-256)", "数字指纹（SHA-256）")).t(" ").c(m.digest);
        d.paragraph(std::move(t));
        const std::string& other = lang == lang_t::zh ? m.title.en : m.title.zh;
        if (!other.empty() && other != title) d.paragraph(other);
    }

    introduction_section(d, m, tr);
    scope_section(d, m, tr, lang);
    definitions_section(d, m, tr, lang);
    applicability_section(d, m, tr);
    boundary_section(d, m, tr);
    baseline_section(d, m, tr);
    equations_section(d, m, tr, lang);
    fixed_data_section(d, m, tr);
    monitored_data_section(d, m, tr);
    rounding_section(d, m, tr);
    plausibility_section(d, m, tr);
    sources_section(d, m, tr);
    return d;
}

}  // namespace

std::string readable_expression(const expr::node& n) {
    switch (n.kind) {
        case expr::node_kind::number: {
            std::string s = n.text.empty() ? shortest_text(n.number) : n.text;
            if (n.unit) s += " " + n.unit->text;
            return s;
        }
        case expr::node_kind::text: return "\"" + n.text + "\"";
        case expr::node_kind::name: return n.text;
        case expr::node_kind::negate: return "\u2212" + wrapped(*n.args[0], 7, false);
        case expr::node_kind::logical_not: return "not " + wrapped(*n.args[0], 3, false);
        case expr::node_kind::call: {
            std::string s = n.text + "(";
            for (std::size_t i = 0; i < n.args.size(); ++i) {
                if (i) s += ", ";
                if (i < n.arg_names.size() && !n.arg_names[i].empty()) s += n.arg_names[i] + " = ";
                s += readable_expression(*n.args[i]);
            }
            return s + ")";
        }
        case expr::node_kind::binary: {
            int p = precedence(n);
            return wrapped(*n.args[0], p, false) + " " + std::string(readable_symbol(n.op)) + " " +
                   wrapped(*n.args[1], p, true);
        }
    }
    return "?";
}

std::string render_methodology_document(const methodology& m, document_format format, document_language lang) {
    return detail::render(build(m, lang), format);
}

std::string render_methodology_markdown(const methodology& m, std::string_view lang) {
    return render_methodology_document(m, document_format::markdown, parse_document_language(lang));
}

std::string render_methodology_html(const methodology& m, std::string_view lang) {
    return render_methodology_document(m, document_format::html, parse_document_language(lang));
}

}  // namespace footprint
