// Monte Carlo on a statement: the linear model from a coefficient pass, its
// linearity check, counter-based draws, summaries. See statement_monte_carlo.hpp.

#include "footprint/uncertainty/statement_monte_carlo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <limits>
#include <thread>

#include "footprint/uncertainty/random.hpp"
#include "footprint/uncertainty/tabulated_input.hpp"

namespace footprint::uncertainty {
namespace {

nlohmann::json parse(const std::string& json) {
    auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw error("footprint.statement.syntax", source_location{"<statement>", 0, 0, {}, {}}, "not a statement",
                    "a statement's canonical JSON");
    return j;
}

std::int64_t grams_at(const nlohmann::json& totals, const char* key) {
    if (!totals.contains(key) || !totals[key].is_number_integer())
        throw error("footprint.statement.field-type", source_location{"<statement>", 0, 0, std::string("totals_g.") + key, {}},
                    "missing or not an integer", "integer grams");
    return totals[key].get<std::int64_t>();
}

/// A statement parsed without its per-shipment rows (`shipment_rows`, a million-row statement's
/// bulk): what the Monte Carlo reads of a statement never needs them.
nlohmann::json parse_statement(const std::string& statement_json) {
    nlohmann::json::parser_callback_t drop_rows = [](int depth, nlohmann::json::parse_event_t event,
                                                     nlohmann::json& parsed) {
        return !(event == nlohmann::json::parse_event_t::key && depth == 1 && parsed == "shipment_rows");
    };
    auto j = nlohmann::json::parse(statement_json, drop_rows, false);
    if (j.is_discarded() || !j.is_object())
        throw error("footprint.statement.syntax", source_location{"<statement>", 0, 0, {}, {}}, "not a statement",
                    "a statement's canonical JSON");
    return j;
}

statement_totals totals_in(const nlohmann::json& j) {
    if (!j.contains("totals_g") || !j["totals_g"].is_object())
        throw error("footprint.statement.field-type", source_location{"<statement>", 0, 0, "totals_g", {}},
                    "missing or not an object", "the statement's totals in grams");
    const auto& t = j["totals_g"];
    return {grams_at(t, "baseline"), grams_at(t, "project"), grams_at(t, "leakage"), grams_at(t, "reduction")};
}

std::vector<std::string> factors_in(const nlohmann::json& j) {
    std::set<std::string> ids;
    if (j.contains("factors_used") && j["factors_used"].is_array())
        for (const auto& used : j["factors_used"])
            if (used.contains("chain") && used["chain"].is_array())
                for (const auto& link : used["chain"])
                    if (link.contains("factor_id") && link["factor_id"].is_string())
                        ids.insert(link["factor_id"].get<std::string>());
    return {ids.begin(), ids.end()};
}


/// One total of a term's response at each node, as doubles.
std::vector<double> response_of(const statement_term& t, std::int64_t statement_totals::*total) {
    std::vector<double> v;
    for (const auto& r : t.response) v.push_back(static_cast<double>(r.*total));
    return v;
}

/// Iterations [d.first, d.first + n) of `m` into `d`, from index `from` to `to` of d's vectors.
void draw_range(const statement_model& m, std::uint64_t seed, statement_draws& d, std::size_t from, std::size_t to) {
    std::vector<std::uint64_t> keys;
    std::vector<std::vector<double>> response_b, response_p, response_r;  // of the inputs; empty for factors
    for (const auto& t : m.terms) {
        keys.push_back(key_of(t.factor_id));
        response_b.push_back(response_of(t, &statement_totals::baseline_g));
        response_p.push_back(response_of(t, &statement_totals::project_g));
        response_r.push_back(response_of(t, &statement_totals::reduction_g));
    }
    for (std::size_t j = from; j < to; ++j) {
        const std::size_t k = d.first + j;
        double b = static_cast<double>(m.deterministic.baseline_g), p = static_cast<double>(m.deterministic.project_g),
               r = static_cast<double>(m.deterministic.reduction_g);
        for (std::size_t t = 0; t < m.terms.size(); ++t) {
            const draw dr = draw_of(seed, keys[t], k);
            const statement_term& term = m.terms[t];
            const double mult = term.distribution.at(dr.z, dr.u);
            d.multipliers[t][j] = mult;
            if (term.nodes.empty()) {
                b += term.baseline_g * (mult - 1);
                p += term.project_g * (mult - 1);
                r += term.reduction_g * (mult - 1);
            } else {
                b += interpolate(term.nodes, response_b[t], mult);
                p += interpolate(term.nodes, response_p[t], mult);
                r += interpolate(term.nodes, response_r[t], mult);
            }
        }
        d.baseline_t[j] = b / 1e6;
        d.project_t[j] = p / 1e6;
        d.reduction_t[j] = r / 1e6;
    }
}

statement_totals minus(const statement_totals& a, const statement_totals& b) {
    return {a.baseline_g - b.baseline_g, a.project_g - b.project_g, a.leakage_g - b.leakage_g,
            a.reduction_g - b.reduction_g};
}

}  // namespace

bool statement_model::has_inputs() const {
    return std::any_of(terms.begin(), terms.end(), [](const statement_term& t) { return !t.nodes.empty(); });
}

statement_change change_at(const statement_term& t, double m) {
    if (t.nodes.empty()) return {t.baseline_g * (m - 1), t.project_g * (m - 1), t.leakage_g * (m - 1), t.reduction_g * (m - 1)};
    return {interpolate(t.nodes, response_of(t, &statement_totals::baseline_g), m),
            interpolate(t.nodes, response_of(t, &statement_totals::project_g), m),
            interpolate(t.nodes, response_of(t, &statement_totals::leakage_g), m),
            interpolate(t.nodes, response_of(t, &statement_totals::reduction_g), m)};
}

double reduction_variance(const statement_term& t) {
    if (t.nodes.empty()) return t.reduction_g * t.reduction_g * t.distribution.sd() * t.distribution.sd();
    return variance_under(t.distribution, t.nodes, response_of(t, &statement_totals::reduction_g));
}

statement_totals totals_of_statement(const std::string& statement_json) {
    return totals_in(parse_statement(statement_json));
}

std::vector<std::string> factors_of_statement(const std::string& statement_json) {
    return factors_in(parse_statement(statement_json));
}


namespace {

/// The share of the summed moves of a check that its residual may reach beyond rounding: what
/// straight lines between nodes and the sum of separate responses may leave out before the model
/// is refused (docs/uncertainty.md gives the residuals measured on the bundled data).
constexpr double input_check_tolerance = 0.05;

/// The terms of the methodology's inputs with a distribution, and the two checks of what their
/// model leaves out. `predicted` is the ER the factor terms predict with every factor moved.
void add_input_terms(const coefficient_pass& pass, const customer_totals_under_plans& c, const std::string& customer,
                     double predicted, double per_sum, statement_model& m) {
    if (pass.inputs.empty()) return;
    double inputs_predicted = static_cast<double>(c.base.reduction_g), inputs_moves = 0;
    for (std::size_t i = 0; i < pass.inputs.size(); ++i) {
        const tabulated_input& in = pass.inputs[i];
        statement_term t;
        t.factor_id = in.id;
        t.distribution = in.distribution;
        t.nodes = in.nodes;
        for (const auto& at : c.at_nodes.at(i)) t.response.push_back(minus(at, c.base));
        const double moved = change_at(t, in.check_multiplier).reduction_g;
        inputs_predicted += moved;
        inputs_moves += std::fabs(moved);
        if (std::all_of(t.response.begin(), t.response.end(), [](const auto& r) { return r == statement_totals{}; }))
            continue;  // an input none of the customer's rows moves
        // Grams per unit multiplier, for reading: the slope between the nodes either side of 1.
        const auto one = static_cast<std::size_t>(std::find(t.nodes.begin(), t.nodes.end(), 1.0) - t.nodes.begin());
        const std::size_t lo = one == 0 ? 0 : one - 1, hi = std::min(one + 1, t.nodes.size() - 1);
        const double run = t.nodes[hi] - t.nodes[lo];
        auto slope = [&](std::int64_t statement_totals::*total) {
            return static_cast<double>(t.response[hi].*total - t.response[lo].*total) / run;
        };
        t.baseline_g = slope(&statement_totals::baseline_g);
        t.project_g = slope(&statement_totals::project_g);
        t.leakage_g = slope(&statement_totals::leakage_g);
        t.reduction_g = slope(&statement_totals::reduction_g);
        m.terms.push_back(std::move(t));
    }
    std::stable_sort(m.terms.begin(), m.terms.end(),
                     [](const statement_term& a, const statement_term& b) { return a.factor_id < b.factor_id; });
    double factor_moves = 0;
    for (std::size_t f = 0; f < pass.factor_ids.size(); ++f)
        factor_moves += std::fabs(static_cast<double>(minus(c.doubled.at(f), c.base).reduction_g) *
                                  (pass.check_multipliers.at(pass.factor_ids[f]) - 1));
    const double inputs = static_cast<double>(pass.inputs.size()), factors = static_cast<double>(pass.factor_ids.size());
    // Rounding of grams per shipment in each sum the predictions combine (two nodes per input, two
    // sums per factor at weight 0.1), then the tolerance on the summed moves.
    m.inputs_residual_g = c.inputs_moved.reduction_g - static_cast<std::int64_t>(std::llround(inputs_predicted));
    m.inputs_bound_g = static_cast<std::int64_t>(
        std::ceil(per_sum * (2 + 2 * inputs) + input_check_tolerance * inputs_moves));
    const double all_predicted = inputs_predicted + (predicted - static_cast<double>(c.base.reduction_g));
    m.interaction_residual_g = c.all_moved.reduction_g - static_cast<std::int64_t>(std::llround(all_predicted));
    m.interaction_bound_g = static_cast<std::int64_t>(std::ceil(
        per_sum * (3 + 2 * inputs + 0.2 * factors) + input_check_tolerance * (inputs_moves + factor_moves)));
    auto refuse = [&](const char* what, std::int64_t measured, double predicted_g, std::int64_t residual,
                      std::int64_t bound) {
        throw error("footprint.uncertainty.nonlinear", source_location{"<statement>", 0, 0, customer, {}},
                    std::string("the statement's ER is not the sum of its inputs' separate responses: ") + what +
                        " gives " + std::to_string(measured) + " g, the model predicts " +
                        std::to_string(std::llround(predicted_g)) + " g",
                    "a difference within " + std::to_string(bound) + " g (rounding, and " +
                        std::to_string(static_cast<int>(input_check_tolerance * 100)) + " % of the summed moves)",
                    std::to_string(residual) + " g");
    };
    if (std::llabs(m.inputs_residual_g) > m.inputs_bound_g)
        refuse("moving every input with a distribution at once", c.inputs_moved.reduction_g, inputs_predicted,
               m.inputs_residual_g, m.inputs_bound_g);
    if (std::llabs(m.interaction_residual_g) > m.interaction_bound_g)
        refuse("moving every input and every factor at once", c.all_moved.reduction_g, all_predicted,
               m.interaction_residual_g, m.interaction_bound_g);
}

/// The model of one set of totals under the pass's plans (a customer's, or one month's of it).
statement_model model_of_totals(const coefficient_pass& pass, const customer_totals_under_plans& c,
                                const std::string& customer, const std::vector<std::string>& used,
                                const factor_library& factors) {
    statement_model m;
    m.customer = customer;
    m.shipments = c.shipments;
    m.deterministic = c.base;
    // A term per factor the statement names, and per factor that moves its totals though it is not named
    // (none should: a statement names every factor it looked up; if one did, leaving it out would hide it).
    std::vector<diagnostic> problems;
    double predicted = static_cast<double>(c.base.reduction_g);
    for (std::size_t i = 0; i < pass.factor_ids.size(); ++i) {
        const std::string& id = pass.factor_ids[i];
        const statement_totals coeff = minus(c.doubled.at(i), c.base);
        predicted += static_cast<double>(coeff.reduction_g) * (pass.check_multipliers.at(id) - 1);
        const bool named = std::find(used.begin(), used.end(), id) != used.end();
        if (!named && coeff == statement_totals{}) continue;
        statement_term t;
        t.factor_id = id;
        try {
            const emission_factor* f = factors.find(id);
            if (f == nullptr)
                throw error("footprint.factor.not-found", source_location{}, "no factor with id '" + id + "'",
                            "the id of a factor in the library", id);
            t.distribution = distribution_of(*f);
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            continue;
        }
        t.baseline_g = static_cast<double>(coeff.baseline_g);
        t.project_g = static_cast<double>(coeff.project_g);
        t.leakage_g = static_cast<double>(coeff.leakage_g);
        t.reduction_g = static_cast<double>(coeff.reduction_g);
        m.terms.push_back(std::move(t));
    }
    for (const auto& id : used)
        if (!std::binary_search(pass.factor_ids.begin(), pass.factor_ids.end(), id))
            throw error("footprint.internal", source_location{"<statement>", 0, 0, customer, {}},
                        "factor " + id + " was not measured by the coefficient pass", "every factor of the statement");
    if (!problems.empty()) throw error(problems);

    // The linearity check: every factor moved at once, alternately up and down by 10 %.
    m.linearity_residual_g = c.moved.reduction_g - static_cast<std::int64_t>(std::llround(predicted));
    // Each sum's ER is off its unrounded value by at most half a gram per
    // rounded component per shipment; the prediction combines 2 sums at
    // weight 1 and 2F at weight 0.1 (the coefficients' two sums each).
    const double per_sum = static_cast<double>(c.shipments) *
                           static_cast<double>(std::max<std::size_t>(pass.components, 1)) / 2;
    m.linearity_bound_g = static_cast<std::int64_t>(
        std::ceil(per_sum * (2 + 0.2 * static_cast<double>(pass.factor_ids.size()))));
    if (std::llabs(m.linearity_residual_g) > m.linearity_bound_g)
        throw error("footprint.uncertainty.nonlinear", source_location{"<statement>", 0, 0, customer, {}},
                    "the statement's ER is not linear in its factors: moving every factor at once gives " +
                        std::to_string(c.moved.reduction_g) + " g, the sum of one-at-a-time changes predicts " +
                        std::to_string(std::llround(predicted)) + " g",
                    "a difference within the rounding of grams per shipment (" +
                        std::to_string(m.linearity_bound_g) + " g)",
                    std::to_string(m.linearity_residual_g) + " g");
    add_input_terms(pass, c, customer, predicted, per_sum, m);
    return m;
}


}  // namespace

statement_model statement_model_of(const coefficient_pass& pass, const std::string& customer,
                                   const std::vector<std::string>& used, const factor_library& factors) {
    // A customer the pass never summed a row of (none computed) has a statement of zeros: so has its model.
    customer_totals_under_plans none;
    none.doubled.assign(pass.factor_ids.size(), statement_totals{});
    for (const auto& in : pass.inputs) none.at_nodes.emplace_back(in.nodes.size(), statement_totals{});
    const auto found = pass.customers.find(customer);
    return model_of_totals(pass, found == pass.customers.end() ? none : found->second, customer, used, factors);
}

std::vector<statement_model> statement_month_models(const coefficient_pass& pass, const std::string& customer,
                                                    const std::vector<std::string>& used,
                                                    const factor_library& factors) {
    std::vector<statement_model> out;
    const auto found = pass.by_month.find(customer);
    if (found == pass.by_month.end()) return out;
    for (const auto& [month, totals] : found->second) {
        out.push_back(model_of_totals(pass, totals, customer, used, factors));
        out.back().month = month;
    }
    return out;
}

namespace {

/// What the models need of a statement, read in one parse (parse_statement):
/// its shipments, the factors it names, its totals and its months' totals.
struct statement_facts {
    std::uint64_t shipments = 0;
    std::vector<std::string> used;
    statement_totals totals;
    std::map<std::string, statement_totals> months;
};

statement_facts facts_of(const std::string& statement_json) {
    const nlohmann::json st = parse_statement(statement_json);
    statement_facts f;
    f.shipments = st.value("shipments", std::uint64_t{0});
    f.used = factors_in(st);
    f.totals = totals_in(st);
    if (st.contains("by_month") && st["by_month"].is_object())
        for (const auto& [month, t] : st["by_month"].items())
            f.months[month] = {t.value("baseline_g", std::int64_t{0}), t.value("project_g", std::int64_t{0}),
                               t.value("leakage_g", std::int64_t{0}), t.value("reduction_g", std::int64_t{0})};
    return f;
}

}  // namespace

statement_models measure_statement_models(const plan& p, const std::vector<statement_document>& docs,
                                          shipment_reader& reader, const statement_request& request,
                                          const statement_models_options& options) {
    statement_models out;
    out.sets.resize(docs.size());
    std::set<std::string> ids(options.extra_factors.begin(), options.extra_factors.end());
    std::vector<statement_facts> facts;
    bool any = false;
    for (const auto& d : docs) {
        facts.push_back(facts_of(d.json));
        if (facts.back().shipments == 0) continue;
        any = true;
        ids.insert(facts.back().used.begin(), facts.back().used.end());
    }
    if (!any) return out;  // nothing to draw: no reading
    const coefficient_pass pass =
        measure_statement_coefficients(p, std::vector<std::string>(ids.begin(), ids.end()), reader, request,
                                       options.threads);
    out.factor_ids = pass.factor_ids;
    auto pass_differs = [&](const std::string& customer, const std::string& where) {
        return error("footprint.internal", source_location{reader.source_name(), 0, 0, customer, {}},
                     "the coefficient pass summed other rows than the statement" + where,
                     "the statement's totals from the pass's own plan");
    };
    const factor_library& factors = *p.options().factors;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        if (facts[i].shipments == 0) continue;
        statement_model_set set;
        set.whole = statement_model_of(pass, docs[i].customer, facts[i].used, factors);
        if (!(set.whole.deterministic == facts[i].totals)) throw pass_differs(docs[i].customer, "");
        if (options.by_month) {
            set.months = statement_month_models(pass, docs[i].customer, facts[i].used, factors);
            for (const auto& m : set.months) {
                const auto month = facts[i].months.find(m.month);
                if (month == facts[i].months.end() || !(month->second == m.deterministic))
                    throw pass_differs(docs[i].customer, " in " + m.month);
            }
        }
        out.sets[i] = std::move(set);
    }
    return out;
}

std::string statement_model_json(const statement_model& m) {
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : m.terms) {
        const factor_distribution& d = t.distribution;
        nlohmann::json indicators = nlohmann::json::array();
        for (const auto& [name, gsd2] : d.indicator_gsd2) indicators.push_back({name, gsd2});
        terms.push_back({{"factor_id", t.factor_id},
                         {"distribution",
                          {{"shape", std::string(d.shape_name())},
                           {"derived", d.derived},
                           {"sigma", d.sigma},
                           {"low", d.low},
                           {"mode", d.mode},
                           {"high", d.high},
                           {"indicator_gsd2", indicators},
                           {"not_rated", d.not_rated}}},
                         {"baseline_g", t.baseline_g},
                         {"project_g", t.project_g},
                         {"leakage_g", t.leakage_g},
                         {"reduction_g", t.reduction_g}});
        if (!t.nodes.empty()) {
            nlohmann::json response = nlohmann::json::array();
            for (const auto& r : t.response) response.push_back({r.baseline_g, r.project_g, r.leakage_g, r.reduction_g});
            terms.back()["nodes"] = t.nodes;
            terms.back()["response_g"] = response;
        }
    }
    // Format 2 only where it says more: a model without methodology inputs is written as before.
    const bool inputs = m.has_inputs();
    nlohmann::json j{{"format", inputs ? "footprint-statement-model/2" : "footprint-statement-model/1"},
                           {"customer", m.customer},
                           {"month", m.month},
                           {"shipments", m.shipments},
                           {"deterministic_g",
                            {{"baseline", m.deterministic.baseline_g},
                             {"project", m.deterministic.project_g},
                             {"leakage", m.deterministic.leakage_g},
                             {"reduction", m.deterministic.reduction_g}}},
                           {"linearity", {{"residual_g", m.linearity_residual_g}, {"bound_g", m.linearity_bound_g}}},
                           {"terms", terms}};
    if (inputs)
        j["input_checks"] = {{"inputs_residual_g", m.inputs_residual_g},
                             {"inputs_bound_g", m.inputs_bound_g},
                             {"interaction_residual_g", m.interaction_residual_g},
                             {"interaction_bound_g", m.interaction_bound_g}};
    return j.dump();  // nlohmann writes the shortest text that reads back to the same double
}

statement_model statement_model_from_json(const std::string& text) {
    const nlohmann::json j = parse(text);
    auto field_error = [](const std::string& field, const std::string& what) {
        return error("footprint.uncertainty.model", source_location{"<statement model>", 0, 0, field, {}}, what,
                     "a model written by statement_model_json (footprint-statement-model/1)");
    };
    const std::string format = j.value("format", std::string());
    if (format != "footprint-statement-model/1" && format != "footprint-statement-model/2")
        throw field_error("format", "not a footprint-statement-model/1 or /2");
    try {
        statement_model m;
        m.customer = j.at("customer").get<std::string>();
        m.month = j.value("month", std::string());
        m.shipments = j.at("shipments").get<std::uint64_t>();
        const auto& g = j.at("deterministic_g");
        m.deterministic = {g.at("baseline").get<std::int64_t>(), g.at("project").get<std::int64_t>(),
                           g.at("leakage").get<std::int64_t>(), g.at("reduction").get<std::int64_t>()};
        m.linearity_residual_g = j.at("linearity").at("residual_g").get<std::int64_t>();
        m.linearity_bound_g = j.at("linearity").at("bound_g").get<std::int64_t>();
        for (const auto& t : j.at("terms")) {
            statement_term term;
            term.factor_id = t.at("factor_id").get<std::string>();
            const auto& d = t.at("distribution");
            const std::string shape = d.at("shape").get<std::string>();
            factor_distribution& fd = term.distribution;
            if (shape == "lognormal") fd.kind = factor_distribution::shape::lognormal;
            else if (shape == "triangular") fd.kind = factor_distribution::shape::triangular;
            else if (shape == "uniform") fd.kind = factor_distribution::shape::uniform;
            else if (shape == "normal") fd.kind = factor_distribution::shape::normal;
            else throw field_error("terms.distribution.shape", "unknown shape '" + shape + "'");
            fd.derived = d.at("derived").get<bool>();
            fd.sigma = d.at("sigma").get<double>();
            fd.low = d.at("low").get<double>();
            fd.mode = d.at("mode").get<double>();
            fd.high = d.at("high").get<double>();
            for (const auto& i : d.at("indicator_gsd2"))
                fd.indicator_gsd2.emplace_back(i.at(0).get<std::string>(), i.at(1).get<double>());
            fd.not_rated = d.at("not_rated").get<std::vector<std::string>>();
            term.baseline_g = t.at("baseline_g").get<double>();
            term.project_g = t.at("project_g").get<double>();
            term.leakage_g = t.at("leakage_g").get<double>();
            term.reduction_g = t.at("reduction_g").get<double>();
            if (t.contains("nodes")) {
                term.nodes = t.at("nodes").get<std::vector<double>>();
                for (const auto& r : t.at("response_g"))
                    term.response.push_back({r.at(0).get<std::int64_t>(), r.at(1).get<std::int64_t>(),
                                             r.at(2).get<std::int64_t>(), r.at(3).get<std::int64_t>()});
                if (term.nodes.size() < 2 || term.response.size() != term.nodes.size() ||
                    !std::is_sorted(term.nodes.begin(), term.nodes.end()))
                    throw field_error("terms.nodes", "an input's nodes must increase, at least two, one response each");
            }
            m.terms.push_back(std::move(term));
        }
        if (j.contains("input_checks")) {
            const auto& c = j.at("input_checks");
            m.inputs_residual_g = c.at("inputs_residual_g").get<std::int64_t>();
            m.inputs_bound_g = c.at("inputs_bound_g").get<std::int64_t>();
            m.interaction_residual_g = c.at("interaction_residual_g").get<std::int64_t>();
            m.interaction_bound_g = c.at("interaction_bound_g").get<std::int64_t>();
        }
        return m;
    } catch (const nlohmann::json::exception& e) {
        throw field_error("", std::string("a field is missing or of the wrong type: ") + e.what());
    }
}

statement_draws draw_statement(const statement_model& m, std::uint64_t seed, std::size_t first, std::size_t last,
                               unsigned threads) {
    if (last < first)
        throw error("footprint.uncertainty.options", source_location{"<arguments>", 0, 0, "iterations", {}},
                    "the range of iterations ends before it starts", "first <= last");
    statement_draws d;
    d.first = first;
    const std::size_t n = last - first;
    d.baseline_t.assign(n, 0.0);
    d.project_t.assign(n, 0.0);
    d.reduction_t.assign(n, 0.0);
    d.multipliers.assign(m.terms.size(), std::vector<double>(n));
    const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, n));
    const std::size_t chunk = n == 0 ? 0 : (n + parts - 1) / parts;
    {
        std::vector<std::jthread> pool;  // joined at the end of this block, before `d` is handed back
        for (std::size_t i = 1; i < parts; ++i) {
            const std::size_t from = i * chunk, to = std::min(n, from + chunk);
            if (from < to) pool.emplace_back([&, from, to] { draw_range(m, seed, d, from, to); });
        }
        draw_range(m, seed, d, 0, std::min(n, chunk));
    }
    return d;
}

statement_draws join_draws(std::vector<statement_draws> parts) {
    statement_draws all;
    if (parts.empty()) return all;
    all = std::move(parts.front());
    if (all.first != 0)
        throw error("footprint.uncertainty.options", source_location{"<arguments>", 0, 0, "draws", {}},
                    "the first range of draws starts at iteration " + std::to_string(all.first),
                    "ranges consecutive from iteration 0");
    for (std::size_t p = 1; p < parts.size(); ++p) {
        statement_draws& next = parts[p];
        if (next.first != all.first + all.reduction_t.size() || next.multipliers.size() != all.multipliers.size())
            throw error("footprint.uncertainty.options", source_location{"<arguments>", 0, 0, "draws", {}},
                        "range " + std::to_string(p) + " starts at iteration " + std::to_string(next.first) +
                            ", not where the one before ends (" +
                            std::to_string(all.first + all.reduction_t.size()) + ")",
                        "ranges of one model, consecutive from iteration 0");
        auto append = [](std::vector<double>& a, const std::vector<double>& b) { a.insert(a.end(), b.begin(), b.end()); };
        append(all.baseline_t, next.baseline_t);
        append(all.project_t, next.project_t);
        append(all.reduction_t, next.reduction_t);
        for (std::size_t t = 0; t < all.multipliers.size(); ++t) append(all.multipliers[t], next.multipliers[t]);
    }
    return all;
}

statement_uncertainty summarise_statement(const statement_model& m, const statement_draws& draws,
                                          const monte_carlo_options& options, double quantile) {
    check_options(options);
    if (!(quantile > 0 && quantile < 1))
        throw error("footprint.uncertainty.options", source_location{"<command line>", 0, 0, "--quantile", {}},
                    "the quantile is out of range", "a number between 0 and 1, e.g. 0.05",
                    std::to_string(quantile));
    const std::size_t n = options.iterations;
    if (draws.first != 0 || draws.reduction_t.size() != n || draws.multipliers.size() != m.terms.size())
        throw error("footprint.uncertainty.options", source_location{"<arguments>", 0, 0, "draws", {}},
                    "the draws are not iterations 0 … " + std::to_string(n) + " − 1 of this model",
                    "draw_statement (or join_draws) over every iteration");
    statement_uncertainty u;
    u.customer = m.customer;
    u.options = options;
    u.quantile = quantile;
    u.deterministic = m.deterministic;
    u.terms = m.terms;
    u.linearity_residual_g = m.linearity_residual_g;
    u.linearity_bound_g = m.linearity_bound_g;
    u.has_inputs = m.has_inputs();
    u.inputs_residual_g = m.inputs_residual_g;
    u.inputs_bound_g = m.inputs_bound_g;
    u.interaction_residual_g = m.interaction_residual_g;
    u.interaction_bound_g = m.interaction_bound_g;
    u.baseline_t = summarise(draws.baseline_t);
    u.project_t = summarise(draws.project_t);
    u.reduction_t = summarise(draws.reduction_t);
    u.reduction_draws_t = draws.reduction_t;
    u.probability_positive = static_cast<double>(std::count_if(u.reduction_draws_t.begin(), u.reduction_draws_t.end(),
                                                               [](double v) { return v > 0; })) /
                             static_cast<double>(n);
    std::vector<double> sorted = u.reduction_draws_t;
    std::sort(sorted.begin(), sorted.end());
    u.reduction_at_quantile_t = quantile_sorted(sorted, quantile);
    u.issuable_at_quantile_t =
        u.reduction_at_quantile_t > 0 ? static_cast<std::int64_t>(std::floor(u.reduction_at_quantile_t)) : 0;

    // Sensitivity: Spearman's ρ of each multiplier with ER; ρ² shares.
    const std::vector<double> er_ranks = ranks(u.reduction_draws_t);
    double sum_rho2 = 0;
    for (std::size_t t = 0; t < u.terms.size(); ++t) {
        u.terms[t].spearman_reduction = rank_correlation(ranks(draws.multipliers[t]), er_ranks);
        sum_rho2 += u.terms[t].spearman_reduction * u.terms[t].spearman_reduction;
    }
    for (auto& t : u.terms) t.variance_share = sum_rho2 > 0 ? t.spearman_reduction * t.spearman_reduction / sum_rho2 : 0;
    // For ER = ER0 + Σ c_f (m_f − 1) with independent m_f, Var(ER) = Σ c_f² Var(m_f) and the
    // first-order Sobol index of f is its own term's share of that sum, exactly.
    // With methodology inputs the model is a sum of separate responses, so Var(ER) is still the sum of
    // each term's own variance (by quadrature for an input) and the index is its share, without sampling error.
    std::vector<double> variances;
    double variance = 0;
    for (const auto& t : u.terms) variance += variances.emplace_back(reduction_variance(t));
    for (std::size_t t = 0; t < u.terms.size(); ++t)
        u.terms[t].sobol_first_order = variance > 0 ? variances[t] / variance : 0;
    return u;
}

statement_uncertainty statement_monte_carlo(const statement_model& m, const monte_carlo_options& options,
                                            double quantile) {
    check_options(options);
    return summarise_statement(m, draw_statement(m, options.seed, 0, options.iterations, options.threads), options,
                               quantile);
}

}  // namespace footprint::uncertainty
