// The coefficient pass (one reading, a plan per factor) against statements
// built the ordinary way: its sums are the statements' to the gram, per
// customer and per month; a coefficient equals the change of a statement
// rebuilt with that factor doubled; and nothing moves with the batch size or
// the thread count.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "footprint/core/calendar.hpp"
#include "footprint/ingest/sample_data.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"
#include "support/bundled_data.hpp"
#include "support/sample_shipments.hpp"

using namespace footprint;
using namespace footprint::uncertainty;

namespace {

/// 2 000 sample shipments and the bundled reduction methodology.
struct sample_input : testing::sample_shipments {
    plan p = testing::bundled().bind("reusable-packaging-reduction.yaml");
    explicit sample_input(const std::string& name) : sample_shipments("coefficients-" + name, 2000) {}
};

statement_request period() {
    statement_request r;
    r.from_day = *parse_iso_date("2020-07-01");
    r.to_day = *parse_iso_date("2021-03-31");
    return r;
}

bool same(const customer_totals_under_plans& a, const customer_totals_under_plans& b) {
    return a.shipments == b.shipments && a.base == b.base && a.moved == b.moved && a.doubled == b.doubled;
}

}  // namespace

TEST_CASE("the coefficient pass sums what statements sum, for any batch size and thread count") {
    const sample_input in("sums");
    shipment_reader first = in.reader(in.p, 8192, true);
    const auto docs = build_statements(in.p, first, statement_context{}, period());
    REQUIRE(docs.size() >= 3);
    std::vector<std::string> used;
    for (const auto& d : docs)
        for (const auto& id : factors_of_statement(d.json)) used.push_back(id);

    shipment_reader r1 = in.reader(in.p, 8192, false);
    const coefficient_pass a = measure_statement_coefficients(in.p, used, r1, period(), 1);
    shipment_reader r2 = in.reader(in.p, 97, false);
    const coefficient_pass b = measure_statement_coefficients(in.p, used, r2, period(), 3);

    REQUIRE(a.customers.size() == b.customers.size());
    for (const auto& [customer, totals] : a.customers) CHECK(same(totals, b.customers.at(customer)));
    REQUIRE(a.by_month.size() == b.by_month.size());
    for (const auto& [customer, months] : a.by_month)
        for (const auto& [month, totals] : months) CHECK(same(totals, b.by_month.at(customer).at(month)));

    // Second path: each statement's totals are the pass's base; each month's are its by_month.
    for (const auto& d : docs) {
        CHECK(a.customers.at(d.customer).base == totals_of_statement(d.json));
        std::int64_t months_er = 0;
        for (const auto& [month, totals] : a.by_month.at(d.customer)) months_er += totals.base.reduction_g;
        CHECK(months_er == a.customers.at(d.customer).base.reduction_g);
    }
}

TEST_CASE("a coefficient is the change of the statement rebuilt with its factor doubled") {
    const sample_input in("doubled");
    statement_request req = period();
    req.customer = "appliance-anhui-01";
    shipment_reader first = in.reader(in.p, 8192, true);
    const auto docs = build_statements(in.p, first, statement_context{}, req);
    REQUIRE(docs.size() == 1);
    const std::vector<std::string> used = factors_of_statement(docs.front().json);
    REQUIRE(used.size() > 3);
    shipment_reader second = in.reader(in.p, 8192, false);
    const coefficient_pass pass = measure_statement_coefficients(in.p, used, second, req, 2);
    const auto& totals = pass.customers.at("appliance-anhui-01");

    // Three factors (first, middle, last of the sorted ids), each through a statement of its own:
    // the plan bound to the library with that factor doubled, the file read again.
    for (std::size_t i : {std::size_t{0}, used.size() / 2, used.size() - 1}) {
        plan_options o = in.p.options();
        o.factors = std::make_shared<const factor_library>(o.factors->with_factors_scaled({{pass.factor_ids[i], 2.0}}));
        const plan doubled = plan::bind(in.p.method(), o);
        shipment_reader again = in.reader(doubled, 8192, true);
        const auto moved = build_statements(doubled, again, statement_context{}, req);
        CHECK_MESSAGE(totals_of_statement(moved.front().json) == totals.doubled[i], pass.factor_ids[i]);
    }
    // And the model's terms are those differences.
    const statement_model m = statement_model_of(pass, "appliance-anhui-01", used, *in.p.options().factors);
    for (const auto& t : m.terms) {
        const auto at = std::find(pass.factor_ids.begin(), pass.factor_ids.end(), t.factor_id) - pass.factor_ids.begin();
        CHECK(t.reduction_g ==
              static_cast<double>(totals.doubled[static_cast<std::size_t>(at)].reduction_g - totals.base.reduction_g));
    }
}
