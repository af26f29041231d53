// compute's results as a workbook. See results_workbook.hpp.

#include "footprint/compute/results_workbook.hpp"

#include "core/detail/xlsx_workbook.hpp"
#include "footprint/methodology/methodology.hpp"

namespace footprint {

namespace {

std::string grams_header(const std::string& what) { return what + " (g CO2e)"; }

std::vector<std::string> results_header(const plan& p) {
    std::vector<std::string> h{"shipment_id", "customer_id", "date", "line", grams_header("BE"), grams_header("PE"),
                               grams_header("LE"), grams_header("ER")};
    for (const auto& c : p.components()) h.push_back(grams_header(c.name));
    h.emplace_back("implausible");
    return h;
}

}  // namespace

struct results_workbook::impl {
    const plan& compiled;
    std::string source;
    detail::xlsx_workbook book{true};  // constant memory: millions of rows
    detail::xlsx_table& summary;
    detail::xlsx_table& results;
    detail::xlsx_table& quarantine;

    impl(const plan& p, std::string source_name)
        : compiled(p),
          source(std::move(source_name)),
          summary(book.table("summary", {"item", "value"})),
          results(book.table("results", results_header(p))),
          quarantine(book.table("quarantine", {"line", "shipment_id", "error_id", "column", "field", "message",
                                               "expected", "found", "record"})) {}

    void item(const std::string& name, const std::string& value) {
        summary.next_row();
        summary.text(name);
        summary.text(value);
    }
    void item_count(const std::string& name, std::uint64_t value) {
        summary.next_row();
        summary.text(name);
        summary.count(value);
    }
    void item_grams(const std::string& name, std::int64_t grams) {
        summary.next_row();
        summary.text(grams_header(name));
        summary.integer(grams);
    }
};

results_workbook::results_workbook(const plan& p, std::string source_name)
    : impl_(std::make_unique<impl>(p, std::move(source_name))) {}

results_workbook::~results_workbook() = default;

void results_workbook::add_results(const shipment_batch& batch, const batch_output& out,
                                   const std::vector<std::string>& customers) {
    auto& t = impl_->results;
    const auto& dates = batch.codes[column_date];
    const auto& cust = batch.codes[column_customer_id];
    for (std::size_t i = 0; i < batch.rows; ++i) {
        if (out.problem[i] != 0) continue;
        t.next_row();
        t.text(batch.shipment_ids[i]);
        t.text(customers[static_cast<std::size_t>(cust[i])]);
        t.date(dates[i]);
        t.count(batch.lines[i]);
        t.integer(out.baseline_g[i]);
        t.integer(out.project_g[i]);
        t.integer(out.leakage_g[i]);
        t.integer(out.reduction_g[i]);
        for (const auto& c : out.component_g) t.integer(c[i]);
        t.flag(out.implausible[i] != 0);
    }
}

void results_workbook::add_rejects(const std::vector<rejected_row>& rows) {
    auto& t = impl_->quarantine;
    for (const auto& r : rows) {
        t.next_row();
        t.count(r.line);
        t.text(r.shipment_id);
        t.text(r.problem.id);
        if (r.problem.where.column) t.count(r.problem.where.column);
        else t.blank();
        t.text(r.problem.where.field);
        t.text(r.problem.message);
        t.text(r.problem.expected);
        t.text(r.problem.found);
        t.text(r.raw);  // not UTF-8: each invalid byte as \xNN, as in the quarantine CSV
    }
}

void results_workbook::finish(const compute_report& r, atomic_file& out) {
    impl& w = *impl_;
    const methodology& m = w.compiled.method();
    w.item("shipments file", w.source);
    w.item("quarantine file", r.quarantine.string());
    w.item("methodology", m.id);
    w.item("methodology version", m.version);
    w.item("methodology digest", m.digest);
    w.item("GWP set", std::string(w.compiled.options().gwp->name));
    w.item_count("rows in", r.rows_in());
    w.item_count("accepted", r.accepted());
    w.item_count("rejected", r.rejected());
    w.item("reconciles", r.reconciles() ? "yes: in = accepted + rejected" : "NO");
    w.item_grams("BE", r.totals.baseline_g);
    w.item_grams("PE", r.totals.project_g);
    w.item_grams("LE", r.totals.leakage_g);
    w.item_grams("ER", r.totals.reduction_g);
    w.summary.next_row();
    w.summary.text("ER (t CO2e)");
    // The nearest double to the exact tonnes: grams and 10^6 are exact doubles,
    // and IEEE division rounds their quotient once.
    w.summary.number(static_cast<double>(r.totals.reduction_g) / 1e6);
    const auto& comps = w.compiled.components();
    for (std::size_t c = 0; c < comps.size() && c < r.totals.component_g.size(); ++c)
        w.item_grams(comps[c].name, r.totals.component_g[c]);
    w.item_count("implausible shipments", r.totals.implausible);
    w.book.finish_into(out);
}

}  // namespace footprint
