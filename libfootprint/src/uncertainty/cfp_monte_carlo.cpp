// Monte Carlo on a product footprint: one multiplier per drawn input
// (factors, declared quantities and lives), the footprint evaluated item by
// item as `cfp` sums it, counter-based draws, iterations split over threads
// without changing a bit.

#include "footprint/uncertainty/cfp_monte_carlo.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

#include "footprint/uncertainty/random.hpp"

namespace footprint::uncertainty {
namespace {

void add_items(const footprint_result& r, std::vector<input_term>& terms, bool per_trip) {
    for (const auto& st : r.stages)
        for (const auto& it : st.items) {
            auto t = std::find_if(terms.begin(), terms.end(), [&](const input_term& x) { return x.id == it.factor_id; });
            if (t == terms.end()) {
                input_term term;
                term.id = term.key = it.factor_id;
                terms.push_back(std::move(term));
                t = terms.end() - 1;
            }
            (per_trip ? t->per_trip_kg : t->per_unit_kg) += it.emission.value();
        }
}

/// One item as an iteration evaluates it: ((q m_q) × share / (L m_L)) × (EF m_f), the
/// operations of share_of_life and item_emission in their order, so that with every
/// multiplier 1 the result is the item's emission to the bit.
struct eval_item {
    double coherent = 0;  ///< the quantity in coherent units
    double share = 0;     ///< share × route weight (own life), or share (a trip's item)
    double life = 0;      ///< trips the share is divided by (per trip, own life); 0: not divided
    double ef = 0;        ///< kg CO2e per coherent unit under the run's GWP values
    std::size_t f = 0, q = 0, l = 0;  ///< slots of the multiplier row (the last slot holds 1)
};

struct eval_plan {
    std::vector<eval_item> unit, trip;
    std::size_t slots = 0;  ///< terms + 1
};

double evaluate(const std::vector<eval_item>& items, const double* m) {
    double kg = 0;
    for (const auto& it : items) {
        const double share = it.life > 0 ? it.share / (it.life * m[it.l]) : it.share;
        kg += ((it.coherent * m[it.q]) * share) * (it.ef * m[it.f]);
    }
    return kg;
}

/// Term indices of the catalog's drawn quantities and lives.
struct input_slots {
    std::map<const inventory_item*, std::size_t> quantity, life;
    std::optional<std::size_t> design_life;
};

std::size_t add_term(cfp_uncertainty& out, input_kind kind, std::string id, std::string key,
                     const factor_distribution& d, double value, std::string unit, const source_location& where) {
    input_term t;
    t.kind = kind;
    t.id = std::move(id);
    t.key = std::move(key);
    t.distribution = d;
    t.value = value;
    t.unit = std::move(unit);
    t.where = where;
    out.terms.push_back(std::move(t));
    return out.terms.size() - 1;
}

/// The catalog's quantities and lives: a term where they declare a distribution, held otherwise.
input_slots add_catalog_inputs(const packaging_product& p, cfp_uncertainty& out) {
    input_slots slots;
    std::vector<const inventory_item*> all;
    for (const auto& it : p.items) all.push_back(&it);
    if (p.reusable())
        for (const auto& it : p.per_trip) all.push_back(&it);
    for (const auto* it : all) {
        if (it->quantity_distribution)
            slots.quantity[it] = add_term(out, input_kind::quantity, "quantity:" + it->name,
                                          "quantity:" + p.id + "/" + it->name, *it->quantity_distribution,
                                          it->quantity.value, it->quantity.unit.text, it->where);
        else
            out.held.push_back(
                held_input{input_kind::quantity, "quantity:" + it->name, it->quantity.value, it->quantity.unit.text});
    }
    if (p.reusable() && p.design_life_trips) {
        if (p.design_life_distribution)
            slots.design_life = add_term(out, input_kind::life, "life:design_life_trips", "life:" + p.id,
                                         *p.design_life_distribution, *p.design_life_trips, "trips", p.where);
        else
            out.held.push_back(held_input{input_kind::life, "life:design_life_trips",
                                          static_cast<double>(*p.design_life_trips), "trips"});
    }
    // One life per component (the loader checks that its items agree), in order of first use.
    std::map<std::string, std::optional<std::size_t>> lives;
    for (const auto& it : p.items) {
        if (!it.life_trips) continue;
        const std::string name = component_life_name(it);
        auto [known, fresh] = lives.emplace(name, std::nullopt);
        if (fresh && it.life_distribution)
            known->second = add_term(out, input_kind::life, "life:" + name, "life:" + p.id + "/" + name,
                                     *it.life_distribution, *it.life_trips, "trips", it.where);
        else if (fresh)
            out.held.push_back(held_input{input_kind::life, "life:" + name, static_cast<double>(*it.life_trips),
                                          "trips"});
        if (known->second && it.life_distribution) slots.life[&it] = *known->second;
    }
    return slots;
}

using listed_items = std::vector<std::pair<const inventory_item*, eval_item>>;

/// The items of one result (per unit or per trip) in the order footprint_kg sums them: by
/// stage, and within a stage in the order of `listed` (the order compute_footprint was given).
std::vector<eval_item> plan_items(const listed_items& listed, const footprint_result& r,
                                  const std::vector<input_term>& terms, const factor_library& factors,
                                  const gwp_set& gwp) {
    std::vector<eval_item> out;
    for (auto stage : all_stages) {
        const auto& results = r.stage(stage).items;
        std::size_t k = 0;
        for (const auto& [item, e] : listed) {
            if (item->stage != stage) continue;
            if (k >= results.size()) throw std::logic_error("cfp_monte_carlo: items and results disagree");
            const std::string& id = results[k++].factor_id;
            const emission_factor* f = factors.find(id);
            const auto t = std::find_if(terms.begin(), terms.end(),
                                        [&](const input_term& x) { return x.kind == input_kind::factor && x.id == id; });
            if (f == nullptr || t == terms.end()) throw std::logic_error("cfp_monte_carlo: factor '" + id + "' lost");
            eval_item x = e;
            x.ef = f->kg_co2e_per_activity(gwp);
            x.f = static_cast<std::size_t>(t - terms.begin());
            out.push_back(x);
        }
        if (k != results.size()) throw std::logic_error("cfp_monte_carlo: items and results disagree");
    }
    return out;
}

/// Both evaluation lists, of the items `cfp` sums (compute_product_footprint, loss 0):
/// each own-life item whose route weight is not 0, and per trip the trip's items.
eval_plan plan_of(const product_footprint& fp, const factor_library& factors, cfp_uncertainty& out,
                  const gwp_set& gwp) {
    const packaging_product& p = *fp.product;
    const input_slots slots = add_catalog_inputs(p, out);
    eval_plan plan;
    const std::size_t one = out.terms.size();
    plan.slots = one + 1;
    auto slot = [&](const std::map<const inventory_item*, std::size_t>& m, const inventory_item* it) {
        auto s = m.find(it);
        return s == m.end() ? one : s->second;
    };
    listed_items unit, trip;
    for (const auto& it : p.items) {
        const int life = component_life(p, it);
        const double weight = route_weight(it.route, life, 0.0);
        if (weight == 0) continue;
        eval_item e;
        e.coherent = it.quantity.coherent();
        e.share = it.share * weight;
        e.q = slot(slots.quantity, &it);
        e.f = e.l = one;
        unit.emplace_back(&it, e);  // the declared unit is not shared over trips
        e.l = it.life_trips ? slot(slots.life, &it) : (p.reusable() ? slots.design_life.value_or(one) : one);
        e.life = expected_trips(life, 0.0);
        trip.emplace_back(&it, e);
    }
    if (p.reusable())
        for (const auto& it : p.per_trip) {
            eval_item e;
            e.coherent = it.quantity.coherent();
            e.share = it.share;
            e.q = slot(slots.quantity, &it);
            e.f = e.l = one;
            trip.emplace_back(&it, e);
        }
    plan.unit = plan_items(unit, fp.per_unit, out.terms, factors, gwp);
    plan.trip = plan_items(trip, fp.per_trip, out.terms, factors, gwp);
    return plan;
}

/// kg CO2e of the items each drawn quantity and life enters, at every multiplier 1.
void catalog_term_kg(const eval_plan& plan, std::vector<input_term>& terms) {
    const std::vector<double> ones(plan.slots, 1.0);
    for (int per_trip = 0; per_trip < 2; ++per_trip)
        for (const auto& it : per_trip ? plan.trip : plan.unit) {
            const double kg = evaluate({it}, ones.data());
            for (std::size_t s : {it.q, it.l})
                if (s < terms.size() && terms[s].kind != input_kind::factor)
                    (per_trip ? terms[s].per_trip_kg : terms[s].per_unit_kg) += kg;
        }
}

/// A quantity or life drawn with the key of a factor would share its draws: refused.
void check_keys(const cfp_uncertainty& out) {
    std::vector<diagnostic> problems;
    for (const auto& a : out.terms)
        for (const auto& b : out.terms)
            if (a.kind == input_kind::factor && b.kind != input_kind::factor && a.key == b.key)
                problems.push_back(diagnostic{"footprint.uncertainty.spec", b.where,
                                              "'" + b.key + "' is also a factor's id: their draws would be one",
                                              "a factor id that does not read like a catalog input", a.key});
    if (!problems.empty()) throw error(problems);
}

/// Iterations [first, last): the draws of every term and the two totals.
void run_range(cfp_uncertainty& out, const eval_plan& plan, std::size_t first, std::size_t last) {
    const std::size_t n_terms = out.terms.size();
    std::vector<std::uint64_t> keys(n_terms);
    for (std::size_t t = 0; t < n_terms; ++t) keys[t] = key_of(out.terms[t].key);
    std::vector<double> m(plan.slots, 1.0);
    for (std::size_t k = first; k < last; ++k) {
        for (std::size_t t = 0; t < n_terms; ++t) {
            const draw d = draw_of(out.options.seed, keys[t], k);
            m[t] = out.terms[t].distribution.at(d.z, d.u);
            out.multipliers[t][k] = m[t];
        }
        out.per_unit_draws[k] = evaluate(plan.unit, m.data());
        out.per_trip_draws[k] = evaluate(plan.trip, m.data());
    }
}

void sensitivity_of(cfp_uncertainty& out) {
    double sum_rho2 = 0;
    out.sensitivity.resize(out.terms.size());
    const std::vector<double> unit_ranks = ranks(out.per_unit_draws), trip_ranks = ranks(out.per_trip_draws);
    for (std::size_t t = 0; t < out.terms.size(); ++t) {
        const std::vector<double> r = ranks(out.multipliers[t]);
        out.sensitivity[t].spearman_per_unit = rank_correlation(r, unit_ranks);
        out.sensitivity[t].spearman_per_trip = rank_correlation(r, trip_ranks);
        sum_rho2 += out.sensitivity[t].spearman_per_trip * out.sensitivity[t].spearman_per_trip;
    }
    for (auto& s : out.sensitivity)
        s.variance_share_per_trip = sum_rho2 > 0 ? s.spearman_per_trip * s.spearman_per_trip / sum_rho2 : 0.0;
}

}  // namespace

void check_options(const monte_carlo_options& o) {
    diagnostics problems;
    const source_location where{"<command line>", 0, 0, "", {}};
    if (o.iterations < 1 || o.iterations > monte_carlo_options::max_iterations) {
        source_location at = where;
        at.field = "--uncertainty";
        problems.add("footprint.uncertainty.options", at, "the number of iterations is out of range",
                     "1 … " + std::to_string(monte_carlo_options::max_iterations), std::to_string(o.iterations));
    }
    if (o.threads < 1 || o.threads > monte_carlo_options::max_threads) {
        source_location at = where;
        at.field = "--threads";
        problems.add("footprint.uncertainty.options", at, "the number of threads is out of range",
                     "1 … " + std::to_string(monte_carlo_options::max_threads), std::to_string(o.threads));
    }
    problems.throw_if_any();
}

std::vector<input_term> linear_terms(const product_footprint& fp, const factor_library& factors) {
    std::vector<input_term> terms;
    add_items(fp.per_unit, terms, false);
    add_items(fp.per_trip, terms, true);
    std::vector<diagnostic> problems;
    for (auto& t : terms) {
        try {
            const emission_factor* f = factors.find(t.id);
            if (f == nullptr)
                throw error("footprint.factor.not-found", source_location{}, "no factor with id '" + t.id + "'",
                            "the id of a factor in the library", t.id);
            t.distribution = distribution_of(*f);
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw error(problems);
    return terms;
}

cfp_uncertainty cfp_monte_carlo(const product_footprint& fp, const factor_library& factors,
                                const monte_carlo_options& options) {
    check_options(options);
    if (fp.product == nullptr) throw std::invalid_argument("cfp_monte_carlo: a footprint without its product");
    const gwp_set* gwp = find_gwp_set(fp.per_unit.gwp);
    if (gwp == nullptr) throw std::invalid_argument("cfp_monte_carlo: unknown GWP set '" + fp.per_unit.gwp + "'");
    cfp_uncertainty out;
    out.product_id = fp.product->id;
    out.options = options;
    out.terms = linear_terms(fp, factors);
    const eval_plan plan = plan_of(fp, factors, out, *gwp);
    check_keys(out);
    catalog_term_kg(plan, out.terms);
    const std::vector<double> ones(plan.slots, 1.0);
    out.per_unit_kg = evaluate(plan.unit, ones.data());
    out.per_trip_kg = evaluate(plan.trip, ones.data());
    const std::size_t n = options.iterations;
    out.multipliers.assign(out.terms.size(), std::vector<double>(n));
    out.per_unit_draws.assign(n, 0.0);
    out.per_trip_draws.assign(n, 0.0);
    const std::size_t threads = std::min<std::size_t>(options.threads, n);
    if (threads <= 1) {
        run_range(out, plan, 0, n);
    } else {
        std::vector<std::thread> pool;
        const std::size_t chunk = (n + threads - 1) / threads;
        for (std::size_t i = 0; i < threads; ++i) {
            const std::size_t first = i * chunk, last = std::min(n, first + chunk);
            if (first < last) pool.emplace_back([&out, &plan, first, last] { run_range(out, plan, first, last); });
        }
        for (auto& th : pool) th.join();
    }
    out.per_unit = summarise(out.per_unit_draws);
    out.per_trip = summarise(out.per_trip_draws);
    sensitivity_of(out);
    return out;
}

}  // namespace footprint::uncertainty
