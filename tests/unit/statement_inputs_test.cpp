// Methodology inputs drawn by the statement Monte Carlo (tabulated_input.hpp):
// a response at a node is the statement rebuilt with the input there; the
// response, read by straight lines, reproduces closed forms; the pass's sums
// do not move with batch size or threads; the bundled model with spreads on
// its loss, trips a year and loaded distance passes its checks.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "footprint/core/calendar.hpp"
#include "footprint/ingest/sample_data.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"
#include "footprint/uncertainty/tabulated_input.hpp"
#include "support/bundled_data.hpp"
#include "support/sample_shipments.hpp"

using namespace footprint;
using namespace footprint::uncertainty;

namespace {

factor_distribution triangular(double low, double high) {
    factor_distribution d;
    d.kind = factor_distribution::shape::triangular;
    d.low = low;
    d.mode = 1;
    d.high = high;
    return d;
}

factor_distribution normal(double sigma) {
    factor_distribution d;
    d.kind = factor_distribution::shape::normal;
    d.sigma = sigma;
    return d;
}

factor_distribution uniform(double low, double high) {
    factor_distribution d;
    d.kind = factor_distribution::shape::uniform;
    d.low = low;
    d.high = high;
    return d;
}

factor_distribution lognormal(double sigma) {
    factor_distribution d;
    d.kind = factor_distribution::shape::lognormal;
    d.sigma = sigma;
    return d;
}

/// The bundled reduction methodology with spreads on three inputs. The spreads are the test's,
/// not sourced figures: the yearly loss 0.02 between 0.01 and 0.05 (triangular, mode the value),
/// the trips a year 6 between 4 and 8, and a 3 % (1 sd) calibration error of the loaded distance.
methodology with_spreads() {
    methodology m = load_methodology(testing::source_dir / "methodologies" / "reusable-packaging-reduction.yaml");
    for (auto& p : m.fixed) {
        if (p.name == "annual_loss") p.distribution = triangular(0.5, 2.5);
        if (p.name == "cycles_per_year") p.distribution = triangular(4.0 / 6, 8.0 / 6);
    }
    for (auto& p : m.monitored)
        if (p.name == "loaded_distance") p.distribution = normal(0.03);
    return m;
}

/// 1 500 sample shipments and the methodology with spreads.
struct sample_input : testing::sample_shipments {
    plan p = testing::bundled().bind(with_spreads());
    explicit sample_input(const std::string& name) : sample_shipments("inputs-" + name, 1500) {}
};

statement_request period(const char* customer = nullptr) {
    statement_request r;
    r.from_day = *parse_iso_date("2020-07-01");
    r.to_day = *parse_iso_date("2021-03-31");
    if (customer) r.customer = customer;
    return r;
}

std::size_t index_of(const std::vector<tabulated_input>& inputs, const std::string& id) {
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].id == id) return i;
    FAIL("no input " << id);
    return 0;
}

}  // namespace

TEST_CASE("an input's nodes sit at its quantiles, with 1 among them") {
    const auto inputs = tabulated_inputs(with_spreads());
    REQUIRE(inputs.size() == 3);
    CHECK(inputs[0].id == "monitored:loaded_distance");
    CHECK(inputs[1].id == "parameter:annual_loss");
    CHECK(inputs[2].id == "parameter:cycles_per_year");
    // Triangular (0.5, 1, 2.5): its ends are nodes; 1 (the mode, at u = (1 − 0.5)/2 = 0.25) is added.
    const auto& loss = inputs[1];
    CHECK(loss.value == doctest::Approx(0.02));
    CHECK(loss.nodes.front() == 0.5);
    CHECK(loss.nodes.back() == 2.5);
    CHECK(std::count(loss.nodes.begin(), loss.nodes.end(), 1.0) == 1);
    CHECK(loss.nodes.size() == 12);
    // Its 60 % quantile: above the mode's 25 %, so 2.5 − √((1 − 0.6) × 2 × 1.5) = 2.5 − √1.2.
    CHECK(loss.check_multiplier == doctest::Approx(2.5 - std::sqrt(1.2)).epsilon(1e-14));
    // Normal sd 0.03: the outer nodes at z = ±3.719016485455709, the median at 1 exactly.
    const auto& distance = inputs[0];
    CHECK(distance.nodes.front() == doctest::Approx(1 - 0.03 * 3.719016485455709).epsilon(1e-15));
    CHECK(distance.nodes.size() == 11);
    CHECK(distance.nodes[5] == 1.0);
}

TEST_CASE("variance by quadrature equals the closed form for a linear response") {
    // Var(c (m − 1)) = c² Var(m): triangular (a, 1, b) has Var = (a² + 1 + b² − a − b − ab) / 18,
    // uniform (a, b) (b − a)² / 12, normal σ², lognormal (e^{σ²} − 1) e^{σ²}.
    const double c = 1234.5;
    auto linear = [&](const factor_distribution& d) {
        std::vector<double> nodes;
        for (double u : {1e-4, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 1 - 1e-4})
            nodes.push_back(multiplier_at_quantile(d, u));
        nodes.push_back(1);
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
        std::vector<double> values;
        for (double n : nodes) values.push_back(c * (n - 1));
        return variance_under(d, nodes, values);
    };
    const double a = 0.5, b = 2.5;
    CHECK(linear(triangular(a, b)) == doctest::Approx(c * c * (a * a + 1 + b * b - a - b - a * b) / 18).epsilon(1e-6));
    CHECK(linear(uniform(0.8, 1.2)) == doctest::Approx(c * c * 0.16 / 12).epsilon(1e-6));
    CHECK(linear(normal(0.1)) == doctest::Approx(c * c * 0.01).epsilon(1e-6));
    // Lognormal: the response is linear in m, but m beyond the outer nodes is on the outer line, as drawn.
    const double s2 = 0.2 * 0.2;
    CHECK(linear(lognormal(0.2)) == doctest::Approx(c * c * (std::exp(s2) - 1) * std::exp(s2)).epsilon(1e-6));
}

TEST_CASE("a tabulated term draws a closed-form response: linear exactly, quadratic within the lines' error") {
    statement_model m;
    m.customer = "c";
    m.shipments = 1;
    m.deterministic = {5'000'000, 1'000'000, 0, 4'000'000};
    statement_term t;
    t.factor_id = "parameter:x";
    t.distribution = uniform(0.5, 1.5);
    for (double u : {0.0, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 1.0})
        t.nodes.push_back(multiplier_at_quantile(t.distribution, u));
    // Quadratic response of PE, R(m) = a (m − 1)² with a = 2 000 000 g: E R = a Var(m) = a / 12 for uniform(0.5, 1.5).
    const double a = 2'000'000;
    for (double n : t.nodes) {
        const auto g = static_cast<std::int64_t>(std::llround(a * (n - 1) * (n - 1)));
        t.response.push_back({0, g, 0, -g});
    }
    m.terms.push_back(t);
    monte_carlo_options o;
    o.iterations = 100'000;
    o.seed = 7;
    const statement_uncertainty u = statement_monte_carlo(m, o, 0.05);
    // Straight lines over a convex curve lie above it by at most a h² / 4 on a segment of width h
    // (h ≤ 0.2 here: the nodes at u 0.3 … 0.5 … 0.7 are 0.2 apart), so E[lines] − a/12 ∈ [0, a 0.01].
    // Sampling error of the mean: sd(R) = a √(1/80 − 1/144) ≈ 0.0745 a, over √N: 0.000236 a; allow 4 of them.
    const double mean_pe_g = u.project_t.mean * 1e6 - 1'000'000;
    CHECK(mean_pe_g >= a / 12 - 4 * 0.000236 * a);
    CHECK(mean_pe_g <= a / 12 + 0.01 * a + 4 * 0.000236 * a);
    // The Sobol index of the only term is 1; ER falls as PE rises.
    CHECK(u.terms[0].sobol_first_order == doctest::Approx(1));
    CHECK(u.reduction_t.mean < 4.0);

    // Linear: a term read through its nodes draws the same ER as the factor term of the same id and slope.
    statement_model lin = m, fac = m;
    lin.terms[0].response.clear();
    for (double n : lin.terms[0].nodes) {
        const double g = 1'500'000 * (n - 1);
        lin.terms[0].response.push_back({0, 0, 0, static_cast<std::int64_t>(std::llround(g))});
    }
    fac.terms[0] = statement_term{};
    fac.terms[0].factor_id = "parameter:x";
    fac.terms[0].distribution = uniform(0.5, 1.5);
    fac.terms[0].reduction_g = 1'500'000;
    const auto dl = draw_statement(lin, 3, 0, 2000), df = draw_statement(fac, 3, 0, 2000);
    for (std::size_t k = 0; k < 2000; k += 97) CHECK(dl.reduction_t[k] == doctest::Approx(df.reduction_t[k]).epsilon(1e-12));
}

TEST_CASE("an input's response at a node is the statement rebuilt with the input there") {
    const sample_input in("rebuilt");
    const statement_request req = period("chem-jiangsu-01");
    shipment_reader first = in.reader(in.p, 8192, true);
    const auto docs = build_statements(in.p, first, statement_context{}, req);
    REQUIRE(docs.size() == 1);
    const auto used = factors_of_statement(docs.front().json);
    shipment_reader second = in.reader(in.p, 8192, false);
    const coefficient_pass pass = measure_statement_coefficients(in.p, used, second, req, 2);
    const auto& c = pass.customers.at("chem-jiangsu-01");
    REQUIRE(c.shipments > 0);

    // Second route for the yearly loss: the statement bound with the override, the file read again.
    const std::size_t loss = index_of(pass.inputs, "parameter:annual_loss");
    for (std::size_t k : {std::size_t{0}, pass.inputs[loss].nodes.size() - 1}) {
        const double value = 0.02 * pass.inputs[loss].nodes[k];
        const plan moved = testing::bundled().bind(with_spreads(), {{"annual_loss", value}});
        shipment_reader again = in.reader(moved, 8192, true);
        const auto rebuilt = build_statements(moved, again, statement_context{}, req);
        CHECK_MESSAGE(totals_of_statement(rebuilt.front().json) == c.at_nodes[loss][k], "annual_loss ", value);
    }
    // More loss, fewer trips per unit, more project emissions: the response falls across the nodes.
    for (std::size_t k = 1; k < c.at_nodes[loss].size(); ++k)
        CHECK(c.at_nodes[loss][k].reduction_g < c.at_nodes[loss][k - 1].reduction_g);

    // The loaded distance enters the loaded legs, each linear in it: the response is a straight line
    // through 1, to the rounding of grams (each shipment's BE and PE rounded: at most 2 g per shipment).
    const std::size_t distance = index_of(pass.inputs, "monitored:loaded_distance");
    const auto& nodes = pass.inputs[distance].nodes;
    const double slope = static_cast<double>(c.at_nodes[distance].back().reduction_g - c.base.reduction_g) /
                         (nodes.back() - 1);
    for (std::size_t k = 0; k < nodes.size(); ++k)
        CHECK(std::fabs(static_cast<double>(c.at_nodes[distance][k].reduction_g - c.base.reduction_g) -
                        slope * (nodes[k] - 1)) <= 4.0 * static_cast<double>(c.shipments));
    CHECK(slope != 0);

    // The model: three input terms beside the factors, its checks within their bounds.
    const statement_model m = statement_model_of(pass, "chem-jiangsu-01", used, *in.p.options().factors);
    CHECK(m.has_inputs());
    std::size_t inputs = 0;
    for (const auto& t : m.terms) inputs += t.nodes.empty() ? 0 : 1;
    CHECK(inputs == 3);
    CHECK(std::llabs(m.inputs_residual_g) <= m.inputs_bound_g);
    CHECK(std::llabs(m.interaction_residual_g) <= m.interaction_bound_g);
    MESSAGE("inputs residual ", m.inputs_residual_g, " g of ", m.inputs_bound_g, "; interaction ",
            m.interaction_residual_g, " g of ", m.interaction_bound_g, "; ER ", m.deterministic.reduction_g);
    // Its JSON reads back to the same bits, and draws the same.
    const statement_model back = statement_model_from_json(statement_model_json(m));
    CHECK(statement_model_json(back) == statement_model_json(m));
    const auto d1 = draw_statement(m, 11, 0, 500), d2 = draw_statement(back, 11, 0, 500);
    CHECK(d1.reduction_t == d2.reduction_t);
}

TEST_CASE("the runs of inputs sum the same for any batch size and thread count") {
    const sample_input in("threads");
    shipment_reader first = in.reader(in.p, 8192, true);
    const auto docs = build_statements(in.p, first, statement_context{}, period());
    std::vector<std::string> used;
    for (const auto& d : docs)
        for (const auto& id : factors_of_statement(d.json)) used.push_back(id);
    shipment_reader r1 = in.reader(in.p, 8192, false);
    const coefficient_pass a = measure_statement_coefficients(in.p, used, r1, period(), 1);
    shipment_reader r2 = in.reader(in.p, 101, false);
    const coefficient_pass b = measure_statement_coefficients(in.p, used, r2, period(), 3);
    REQUIRE(a.customers.size() == b.customers.size());
    for (const auto& [customer, t] : a.customers) {
        const auto& u = b.customers.at(customer);
        CHECK(t.at_nodes == u.at_nodes);
        CHECK(t.inputs_moved == u.inputs_moved);
        CHECK(t.all_moved == u.all_moved);
    }
}

namespace {

/// The bundled catalog with two spreads of the test's own on the chemical customer's pooled IBC:
/// its design life 25 trips between 20 and 30 (triangular), and a 5 % (1 sd) error of its HDPE base's mass.
std::shared_ptr<const catalog> catalog_with_spreads() {
    const catalog& bundled = *testing::bundled().products;
    packaging_product ibc = *bundled.find("foldable-ibc-1000l-pool");
    REQUIRE(ibc.design_life_trips == 25);
    ibc.design_life_distribution = triangular(0.8, 1.2);
    bool found = false;
    for (auto& it : ibc.items)
        if (it.name == "HDPE, moulded pallet base") it.quantity_distribution = normal(0.05), found = true;
    REQUIRE(found);
    return std::make_shared<const catalog>(bundled.with_product(std::move(ibc)));
}

plan bind_with(std::shared_ptr<const catalog> products) {
    const auto& b = testing::bundled();
    return plan::bind(load_methodology(testing::source_dir / "methodologies" / "reusable-packaging-reduction.yaml"),
                      plan_options{b.factors, std::move(products), &gwp_ar6, {}});
}

}  // namespace

TEST_CASE("a catalog life and quantity are drawn through responses: a life's nodes are whole trips") {
    const sample_input in("catalog");
    const plan p = bind_with(catalog_with_spreads());
    const statement_request req = period("chem-jiangsu-01");
    shipment_reader first = in.reader(p, 8192, true);
    const auto docs = build_statements(p, first, statement_context{}, req);
    REQUIRE(docs.size() == 1);
    const auto used = factors_of_statement(docs.front().json);
    shipment_reader second = in.reader(p, 8192, false);
    const coefficient_pass pass = measure_statement_coefficients(p, used, second, req, 2);
    const auto& c = pass.customers.at("chem-jiangsu-01");

    const std::size_t life = index_of(pass.inputs, "life:foldable-ibc-1000l-pool");
    const auto& nodes = pass.inputs[life].nodes;
    CHECK(nodes.front() == 0.8);  // 20 trips
    CHECK(nodes.back() == 1.2);   // 30 trips
    for (double n : nodes) CHECK(std::fabs(n * 25 - std::round(n * 25)) < 1e-12);
    // Second route: the catalog made by hand with 30 trips, the statement built again.
    const catalog& bundled = *testing::bundled().products;
    packaging_product ibc = *bundled.find("foldable-ibc-1000l-pool");
    ibc.design_life_trips = 30;
    const plan longer = bind_with(std::make_shared<const catalog>(bundled.with_product(std::move(ibc))));
    shipment_reader again = in.reader(longer, 8192, true);
    const auto rebuilt = build_statements(longer, again, statement_context{}, req);
    CHECK(totals_of_statement(rebuilt.front().json) == c.at_nodes[life].back());
    // A longer life shares the IBC over more trips: ER rises with every node.
    for (std::size_t k = 1; k < nodes.size(); ++k) CHECK(c.at_nodes[life][k].reduction_g > c.at_nodes[life][k - 1].reduction_g);

    // The HDPE base's mass enters its items linearly: a straight line through 1, to the rounding of grams.
    const std::size_t mass = index_of(pass.inputs, "quantity:foldable-ibc-1000l-pool/HDPE, moulded pallet base");
    const auto& mn = pass.inputs[mass].nodes;
    const double slope =
        static_cast<double>(c.at_nodes[mass].back().reduction_g - c.base.reduction_g) / (mn.back() - 1);
    CHECK(slope < 0);  // more HDPE, more project emissions
    for (std::size_t k = 0; k < mn.size(); ++k)
        CHECK(std::fabs(static_cast<double>(c.at_nodes[mass][k].reduction_g - c.base.reduction_g) - slope * (mn[k] - 1)) <=
              4.0 * static_cast<double>(c.shipments));

    const statement_model m = statement_model_of(pass, "chem-jiangsu-01", used, *p.options().factors);
    CHECK(std::llabs(m.inputs_residual_g) <= m.inputs_bound_g);
    CHECK(std::llabs(m.interaction_residual_g) <= m.interaction_bound_g);
    MESSAGE("catalog inputs: residual ", m.inputs_residual_g, " g of ", m.inputs_bound_g, "; interaction ",
            m.interaction_residual_g, " g of ", m.interaction_bound_g);
}
