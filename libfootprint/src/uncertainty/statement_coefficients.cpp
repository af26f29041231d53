// One reading of the shipments, every plan of the coefficient pass over each
// batch. See statement_coefficients.hpp.

#include "footprint/uncertainty/statement_coefficients.hpp"

#include <algorithm>
#include <memory>
#include <thread>

#include "footprint/compute/engine.hpp"
#include "footprint/core/checked_sum.hpp"

namespace footprint::uncertainty {
namespace {

/// One plan's sums, per customer (index: the reader's customer dictionary code).
struct plan_sums {
    std::vector<statement_totals> per_customer;
    /// The first row the statement computes that this plan cannot (a factor
    /// moved so far that the row is rejected): the pass is then meaningless.
    std::string refused;
};

void add(statement_totals& t, const batch_output& out, std::size_t i, const source_location& where) {
    add_grams(t.baseline_g, out.baseline_g[i], "baseline emissions (BE) in a coefficient pass", where);
    add_grams(t.project_g, out.project_g[i], "project emissions (PE) in a coefficient pass", where);
    add_grams(t.leakage_g, out.leakage_g[i], "leakage (LE) in a coefficient pass", where);
    add_grams(t.reduction_g, out.reduction_g[i], "emission reductions (ER) in a coefficient pass", where);
}

/// Adds the selected rows of one batch (selected[i] = customer code, or −1) under one plan.
void sum_batch(engine& eng, const shipment_reader& reader, const shipment_batch& batch,
               const std::vector<std::int32_t>& selected, plan_sums& sums, const std::string& plan_name) {
    std::vector<rejected_row> rejects;  // rows this plan rejects: only those outside the selection may be
    result_totals ignored;
    const batch_output& out = eng.run(reader, batch, rejects, ignored);
    for (std::size_t i = 0; i < batch.rows; ++i) {
        const std::int32_t code = selected[i];
        if (code < 0) continue;
        const source_location where{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                                    batch.shipment_ids[i]};
        if (out.problem[i] != 0) {
            if (sums.refused.empty())
                sums.refused = "shipment " + batch.shipment_ids[i] + " (line " + std::to_string(batch.lines[i]) +
                               ") is computed by the statement but not with " + plan_name + ": " +
                               eng.problems()[out.problem[i] - 1];
            continue;
        }
        if (sums.per_customer.size() <= static_cast<std::size_t>(code)) sums.per_customer.resize(code + 1);
        add(sums.per_customer[static_cast<std::size_t>(code)], out, i, where);
    }
}

plan rebound(const plan& p, const factor_library& library) {
    plan_options o = p.options();
    o.factors = std::make_shared<const factor_library>(library);
    return plan::bind(p.method(), std::move(o));
}

}  // namespace

std::map<std::string, double> linearity_check_multipliers(const std::vector<std::string>& ids) {
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < ids.size(); ++i) out[ids[i]] = i % 2 == 0 ? 1.1 : 0.9;
    return out;
}

coefficient_pass measure_statement_coefficients(const plan& p, std::vector<std::string> factor_ids,
                                                shipment_reader& reader, const statement_request& request,
                                                unsigned threads) {
    std::sort(factor_ids.begin(), factor_ids.end());
    factor_ids.erase(std::unique(factor_ids.begin(), factor_ids.end()), factor_ids.end());
    coefficient_pass pass;
    pass.factor_ids = factor_ids;
    pass.check_multipliers = linearity_check_multipliers(factor_ids);
    pass.components = p.components().size();

    // Plans: the copy with every factor moved first (its library throws naming every unknown id), then one per factor.
    const factor_library& library = *p.options().factors;
    std::vector<plan> plans;
    std::vector<std::string> names;
    plans.push_back(rebound(p, library.with_factors_scaled(pass.check_multipliers)));
    names.push_back("every factor moved by 10 %");
    for (const auto& id : factor_ids) {
        plans.push_back(rebound(p, library.with_factors_scaled({{id, 2.0}})));
        names.push_back("factor " + id + " doubled");
    }
    engine base(p);
    std::vector<std::unique_ptr<engine>> engines;
    for (const auto& q : plans) engines.push_back(std::make_unique<engine>(q));
    plan_sums base_sums;
    std::vector<plan_sums> sums(plans.size());
    std::vector<std::uint64_t> shipments, computed_rows;
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(plans.size())));

    shipment_batch batch;
    std::vector<rejected_row> rejects;
    std::vector<std::int32_t> selected;
    while (reader.next(batch, rejects)) {
        rejects.clear();
        // The statement's plan decides which rows are summed: computed, of the customer, in the period.
        result_totals ignored;
        const batch_output& out = base.run(reader, batch, rejects, ignored);
        rejects.clear();
        const auto& customers = reader.dictionary(column_customer_id);
        selected.assign(batch.rows, -1);
        for (std::size_t i = 0; i < batch.rows; ++i) {
            if (out.problem[i] != 0) continue;
            const std::int32_t code = batch.codes[column_customer_id][i];
            if (request.customer && customers[static_cast<std::size_t>(code)] != *request.customer) continue;
            if (computed_rows.size() <= static_cast<std::size_t>(code)) {
                computed_rows.resize(code + 1, 0);
                shipments.resize(code + 1, 0);
            }
            ++computed_rows[static_cast<std::size_t>(code)];
            const std::int32_t day = batch.codes[column_date][i];
            if (day < request.from_day || day > request.to_day) continue;
            selected[i] = code;
            ++shipments[static_cast<std::size_t>(code)];
        }
        // The base plan's own sums, then every other plan's, plans split over the threads.
        for (std::size_t i = 0; i < batch.rows; ++i)
            if (selected[i] >= 0) {
                const auto code = static_cast<std::size_t>(selected[i]);
                if (base_sums.per_customer.size() <= code) base_sums.per_customer.resize(code + 1);
                add(base_sums.per_customer[code], out, i,
                    source_location{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                                    batch.shipment_ids[i]});
            }
        auto work = [&](unsigned t) {
            for (std::size_t j = t; j < plans.size(); j += threads)
                sum_batch(*engines[j], reader, batch, selected, sums[j], names[j]);
        };
        if (threads == 1) work(0);
        else {
            std::vector<std::jthread> pool;
            for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
            work(0);
        }
        if (request.progress) request.progress(reader.counts());
    }
    for (const auto& s : sums)
        if (!s.refused.empty())
            throw error("footprint.uncertainty.row", source_location{reader.source_name(), 0, 0, {}, {}}, s.refused,
                        "every row the statement computes computed with each factor moved too");

    const auto& customers = reader.dictionary(column_customer_id);
    auto totals_at = [](const plan_sums& s, std::size_t code) {
        return code < s.per_customer.size() ? s.per_customer[code] : statement_totals{};
    };
    for (std::size_t code = 0; code < computed_rows.size(); ++code) {
        if (computed_rows[code] == 0) continue;
        customer_totals_under_plans c;
        c.shipments = shipments[code];
        c.base = totals_at(base_sums, code);
        c.moved = totals_at(sums[0], code);
        for (std::size_t j = 1; j < plans.size(); ++j) c.doubled.push_back(totals_at(sums[j], code));
        pass.customers[customers[code]] = std::move(c);
    }
    if (request.customer && !pass.customers.contains(*request.customer)) {
        customer_totals_under_plans none;
        none.doubled.assign(factor_ids.size(), statement_totals{});
        pass.customers[*request.customer] = std::move(none);
    }
    return pass;
}

}  // namespace footprint::uncertainty
