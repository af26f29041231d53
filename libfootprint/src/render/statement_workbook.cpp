// A statement as a workbook. See statement_workbook.hpp.

#include "footprint/render/statement_workbook.hpp"

#include <charconv>
#include <cmath>

#include "core/detail/xlsx_workbook.hpp"
#include "render/detail/statement_view.hpp"

namespace footprint {

using namespace detail::statement_rendering;  // NOLINT: this file renders that view
using detail::xlsx_table;
using detail::xlsx_workbook;

namespace {

std::string g(const std::string& what) { return what + " (g CO2e)"; }

void item(xlsx_table& t, const std::string& name, const std::string& value) {
    t.next_row();
    t.text(name);
    t.text(value);
}

/// A value the JSON keeps as decimal text: the nearest number when it is one, else the text.
void decimal(xlsx_table& t, const std::string& s) {
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (!s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(v)) t.number(v);
    else t.text(s);
}

void cover(xlsx_workbook& book, const statement_view& v) {
    auto& t = book.table("statement", {"item", "value"});
    item(t, "format", v.format);
    item(t, "customer", v.customer);
    item(t, "period from", v.from);
    item(t, "period to", v.to);
    item(t, "methodology", v.methodology_id);
    item(t, "methodology version", v.methodology_version);
    item(t, "methodology digest", v.methodology_digest);
    item(t, "methodology title", v.methodology_title);
    for (const auto& f : v.factor_sets) item(t, "factor set", f.name + " " + f.version + " (digest " + f.digest + ")");
    item(t, "GWP set", v.gwp_set);
    item(t, "GWP source", v.gwp_source);
    item(t, "software", v.software_name + " " + v.software_version);
    for (const auto& [name, value] : v.overrides) item(t, "scenario override " + name, value);
    const std::pair<const char*, std::uint64_t> rows[] = {
        {"rows in file", v.rows_in_file},
        {"rows accepted in file", v.accepted_in_file},
        {"rows rejected in file", v.rejected_in_file},
        {"customer rows in file", v.customer_rows_in_file},
        {"rows in statement", v.rows_in_statement},
        {"implausible shipments", v.implausible}};
    for (const auto& [name, n] : rows) {
        t.next_row();
        t.text(name);
        t.count(n);
    }
    item(t, "rows reconcile", v.reconciles ? "yes" : "no");
    item(t, "rejected rows digest", v.rejected_digest);
    item(t, "plausibility rule", v.plausibility_rule);
    for (const auto& e : v.implausible_examples) item(t, "implausible example", e);
    t.next_row();
    t.text("issuable (t CO2e)");
    t.integer(v.issuable_t);
    if (!v.note.empty()) item(t, "note", v.note);
    item(t, "input rows digest", v.input_rows_digest);
    item(t, "statement digest", v.statement_digest);
    item(t, "about this workbook",
         "a rendering of the statement JSON; the digest seals the JSON, not this file: "
         "footprint verify checks the JSON");
}

void amount_cells(xlsx_table& t, const amounts& a) {
    t.integer(a.baseline);
    t.integer(a.project);
    t.integer(a.leakage);
    t.integer(a.reduction);
}

void totals(xlsx_workbook& book, const statement_view& v) {
    auto& t = book.table("totals", {"customer", g("BE"), g("PE"), g("LE"), g("ER"), "ER (t CO2e)",
                                    "issuable (t CO2e)", "shipments"});
    t.next_row();
    t.text(v.customer);
    amount_cells(t, v.totals);
    // Grams and 10^6 are exact doubles; IEEE division rounds the quotient once.
    t.number(static_cast<double>(v.totals.reduction) / 1e6);
    t.integer(v.issuable_t);
    t.count(v.totals.shipments);
}

void breakdowns(xlsx_workbook& book, const statement_view& v) {
    auto& month = book.table("by month", {"month", g("BE"), g("PE"), g("LE"), g("ER"), "shipments"});
    for (const auto& [m, a] : v.by_month) {
        month.next_row();
        month.text(m);
        amount_cells(month, a);
        month.count(a.shipments);
    }
    auto& product = book.table("by product", {"product column", "product", g("BE"), g("PE"), g("LE"), g("ER"), "shipments"});
    for (const auto& [column, list] : v.by_product)
        for (const auto& [id, a] : list) {
            product.next_row();
            product.text(column);
            product.text(id);
            amount_cells(product, a);
            product.count(a.shipments);
        }
    // BE, PE and LE of each stage and their difference, as the CSV rendering has them.
    auto& stage = book.table("by stage", {"stage", g("BE"), g("PE"), g("LE"), g("ER = BE - PE - LE")});
    for (const auto& s : ordered_stages(v)) {
        bool present = false;
        for (const auto& [term, list] : v.by_stage)
            for (const auto& entry : list) present |= entry.first == s;
        if (!present) continue;
        amounts a;
        a.baseline = stage_grams(v, "BE", s);
        a.project = stage_grams(v, "PE", s);
        a.leakage = stage_grams(v, "LE", s);
        a.reduction = a.baseline - a.project - a.leakage;
        stage.next_row();
        stage.text(s);
        amount_cells(stage, a);
    }
    auto& comp = book.table("components", {"component", "term", "stage", g("amount")});
    for (const auto& c : v.components) {
        comp.next_row();
        comp.text(c.name);
        comp.text(c.term);
        comp.text(c.stage);
        comp.integer(c.grams);
    }
}

void values(xlsx_workbook& book, const std::string& name, const std::vector<resolved_entry>& list, bool factors) {
    std::vector<std::string> header{"label", "kind", "value", "unit", "source"};
    if (factors) {
        header.emplace_back("factor id");
        header.emplace_back("fallback path");
    }
    auto& t = book.table(name, header);
    for (const auto& e : list) {
        t.next_row();
        t.text(e.label);
        t.text(e.kind);
        decimal(t, e.value);
        t.text(e.unit);
        t.text(e.source);
        if (!factors) continue;
        t.text(e.factor_id);
        std::string path;
        for (const auto& p : e.fallback_path) path += (path.empty() ? "" : " > ") + p;
        t.text(path);
    }
}

void sources(xlsx_workbook& book, const statement_view& v) {
    if (v.sources.empty()) return;
    auto& t = book.table("sources", {"id", "publisher", "title", "table", "year", "url"});
    for (const auto& s : v.sources) {
        t.next_row();
        for (const auto* f : {&s.id, &s.publisher, &s.title, &s.table, &s.year, &s.url}) t.text(*f);
    }
}

/// A format-3 statement's `uncertainty` section: what was drawn and found (sheet "uncertainty"), and each
/// input's sensitivity in the recorded order (sheet "sensitivity"). Nothing for a format-2 statement.
void uncertainty(xlsx_workbook& book, const statement_view& v) {
    const uncertainty_view& u = v.uncertainty;
    if (!u.present) return;
    auto& t = book.table("uncertainty", {"item", "value"});
    auto count = [&](const char* name, std::uint64_t n) {
        t.next_row();
        t.text(name);
        t.count(n);
    };
    auto grams = [&](const char* name, std::int64_t n) {
        t.next_row();
        t.text(name);
        t.integer(n);
    };
    auto number = [&](const std::string& name, double x) {
        t.next_row();
        t.text(name);
        t.number(x);
    };
    count("iterations", u.iterations);
    count("seed", u.seed);
    item(t, "quantile", u.quantile);
    if (!u.note.empty()) {
        item(t, "note", u.note);
        return;
    }
    grams("ER deterministic (g CO2e)", u.reduction_g);
    for (const auto& [name, s] : {std::pair<std::string, const draws_summary*>{"BE", &u.baseline},
                                  {"PE", &u.project}, {"ER", &u.reduction}}) {
        number(name + " mean (t CO2e)", s->mean);
        number(name + " 2.5 % (t CO2e)", s->p2_5);
        number(name + " median (t CO2e)", s->median);
        number(name + " 97.5 % (t CO2e)", s->p97_5);
    }
    number("P(ER > 0)", u.probability_positive);
    number("ER at the quantile (t CO2e)", u.reduction_at_quantile_t);
    grams("issuable at the quantile (t CO2e)", u.issuable_at_quantile_t);
    grams("linearity residual (g)", u.linearity_residual_g);
    grams("linearity bound (g)", u.linearity_bound_g);
    for (const auto& name : u.drawn_inputs) item(t, "input drawn through its response", name);
    if (!u.drawn_inputs.empty()) {
        grams("inputs residual (g)", u.inputs_residual_g);
        grams("inputs bound (g)", u.inputs_bound_g);
        grams("interaction residual (g)", u.interaction_residual_g);
        grams("interaction bound (g)", u.interaction_bound_g);
    }
    item(t, "about these figures", "issuance is the deterministic issuable (t CO2e) of the statement sheet");
    auto& s = book.table("sensitivity", {"factor or input", "first-order Sobol index", "Spearman rho",
                                         "share of rho^2", "ER at 2.5 % (t CO2e)", "ER at 97.5 % (t CO2e)"});
    for (const auto& e : u.sensitivity) {
        s.next_row();
        s.text(e.factor_id);
        s.number(e.sobol);
        s.number(e.rho);
        s.number(e.share);
        decimal(s, e.er_low_text);
        decimal(s, e.er_high_text);
    }
}

}  // namespace

std::string render_statement_xlsx(const std::string& statement_json, const std::filesystem::path& for_file) {
    const statement_view v = read_view(statement_json);
    xlsx_workbook book(false);
    cover(book, v);
    totals(book, v);
    breakdowns(book, v);
    values(book, "parameters", v.parameters, false);
    values(book, "factors used", v.factors, true);
    sources(book, v);
    uncertainty(book, v);
    return book.finish(for_file);
}

}  // namespace footprint
