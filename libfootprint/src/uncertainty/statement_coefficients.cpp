// One reading of the shipments, every plan of the coefficient pass over each
// batch. See statement_coefficients.hpp.

#include "footprint/uncertainty/statement_coefficients.hpp"

#include <algorithm>
#include <memory>
#include <thread>
#include <unordered_map>

#include "footprint/compute/engine.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/checked_sum.hpp"

namespace footprint::uncertainty {
namespace {

/// One plan's sums, per slot: a customer (the reader's customer dictionary code) and a month.
struct plan_sums {
    std::vector<statement_totals> per_slot;
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

/// Adds the selected rows of one batch (selected[i] = slot, or −1) under one plan.
void sum_batch(engine& eng, const batch_input& view, const shipment_reader& reader, const shipment_batch& batch,
               const std::vector<std::int32_t>& selected, plan_sums& sums, const std::string& plan_name) {
    // The plan over the columns alone: rows it rejects are looked at only where the statement sums them.
    const batch_output& out = eng.run(view);
    for (std::size_t i = 0; i < batch.rows; ++i) {
        const std::int32_t slot = selected[i];
        if (slot < 0) continue;
        const source_location where{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                                    batch.shipment_ids[i]};
        if (out.problem[i] != 0) {
            if (sums.refused.empty())
                sums.refused = "shipment " + batch.shipment_ids[i] + " (line " + std::to_string(batch.lines[i]) +
                               ") is computed by the statement but not with " + plan_name + ": " +
                               eng.problems()[out.problem[i] - 1];
            continue;
        }
        if (sums.per_slot.size() <= static_cast<std::size_t>(slot)) sums.per_slot.resize(slot + 1);
        add(sums.per_slot[static_cast<std::size_t>(slot)], out, i, where);
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

namespace {

/// The slots of a pass: (customer code, month) pairs numbered as rows first reach them.
class slot_index {
public:
    /// The slot of a row of customer `code` dated `day`.
    std::int32_t of(std::int32_t code, std::int32_t day) {
        auto m = month_of_day_.find(day);
        if (m == month_of_day_.end()) {
            const std::string month = format_iso_date(day).substr(0, 7);
            auto known = std::find(months_.begin(), months_.end(), month);
            const auto index = static_cast<std::int32_t>(known - months_.begin());
            if (known == months_.end()) months_.push_back(month);
            m = month_of_day_.emplace(day, index).first;
        }
        const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(code)) << 32) |
                                  static_cast<std::uint32_t>(m->second);
        auto s = slot_of_key_.find(key);
        if (s == slot_of_key_.end()) {
            s = slot_of_key_.emplace(key, static_cast<std::int32_t>(slots_.size())).first;
            slots_.emplace_back(code, m->second);
        }
        return s->second;
    }
    [[nodiscard]] const std::vector<std::pair<std::int32_t, std::int32_t>>& slots() const { return slots_; }
    [[nodiscard]] const std::string& month(std::int32_t index) const { return months_[static_cast<std::size_t>(index)]; }

private:
    std::unordered_map<std::int32_t, std::int32_t> month_of_day_;
    std::vector<std::string> months_;
    std::unordered_map<std::uint64_t, std::int32_t> slot_of_key_;
    std::vector<std::pair<std::int32_t, std::int32_t>> slots_;  // (customer code, month index)
};

statement_totals at(const plan_sums& s, std::size_t slot) {
    return slot < s.per_slot.size() ? s.per_slot[slot] : statement_totals{};
}

void add_totals(statement_totals& into, const statement_totals& t) {
    add_grams(into.baseline_g, t.baseline_g, "baseline emissions (BE) in a coefficient pass");
    add_grams(into.project_g, t.project_g, "project emissions (PE) in a coefficient pass");
    add_grams(into.leakage_g, t.leakage_g, "leakage (LE) in a coefficient pass");
    add_grams(into.reduction_g, t.reduction_g, "emission reductions (ER) in a coefficient pass");
}

/// The pass's customers and months from the sums of every slot: a month's totals are its slot's,
/// a customer's the sum of its months', plan by plan.
void gather(coefficient_pass& pass, const shipment_reader& reader, const slot_index& slots, const plan_sums& base,
            const std::vector<plan_sums>& sums, const std::vector<std::uint64_t>& computed_rows,
            const std::vector<std::uint64_t>& shipments_per_slot) {
    const auto& customers = reader.dictionary(column_customer_id);
    const std::size_t factors = pass.factor_ids.size();
    for (std::size_t code = 0; code < computed_rows.size(); ++code) {
        if (computed_rows[code] == 0) continue;
        customer_totals_under_plans c;
        c.doubled.assign(factors, statement_totals{});
        pass.customers[customers[code]] = c;
    }
    for (std::size_t slot = 0; slot < slots.slots().size(); ++slot) {
        const auto [code, month] = slots.slots()[slot];
        customer_totals_under_plans m;
        m.shipments = shipments_per_slot[slot];
        m.base = at(base, slot);
        m.moved = at(sums[0], slot);
        for (std::size_t j = 1; j < sums.size(); ++j) m.doubled.push_back(at(sums[j], slot));
        customer_totals_under_plans& c = pass.customers[customers[static_cast<std::size_t>(code)]];
        c.shipments += m.shipments;
        add_totals(c.base, m.base);
        add_totals(c.moved, m.moved);
        for (std::size_t f = 0; f < factors; ++f) add_totals(c.doubled[f], m.doubled[f]);
        pass.by_month[customers[static_cast<std::size_t>(code)]][slots.month(month)] = std::move(m);
    }
}

}  // namespace

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
    slot_index slots;
    std::vector<std::uint64_t> computed_rows, shipments_per_slot;
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(plans.size())));

    shipment_batch batch;
    std::vector<rejected_row> rejects;
    std::vector<std::int32_t> selected;
    while (reader.next(batch, rejects)) {
        rejects.clear();
        // The statement's plan decides which rows are summed: computed, of the customer, in the period.
        const batch_input view = reader.plan_view(batch);
        const batch_output& out = base.run(view);
        const auto& customers = reader.dictionary(column_customer_id);
        selected.assign(batch.rows, -1);
        for (std::size_t i = 0; i < batch.rows; ++i) {
            if (out.problem[i] != 0) continue;
            const std::int32_t code = batch.codes[column_customer_id][i];
            if (request.customer && customers[static_cast<std::size_t>(code)] != *request.customer) continue;
            if (computed_rows.size() <= static_cast<std::size_t>(code)) computed_rows.resize(code + 1, 0);
            ++computed_rows[static_cast<std::size_t>(code)];
            const std::int32_t day = batch.codes[column_date][i];
            if (day < request.from_day || day > request.to_day) continue;
            const std::int32_t slot = slots.of(code, day);
            if (shipments_per_slot.size() <= static_cast<std::size_t>(slot)) shipments_per_slot.resize(slot + 1, 0);
            ++shipments_per_slot[static_cast<std::size_t>(slot)];
            selected[i] = slot;
            if (base_sums.per_slot.size() <= static_cast<std::size_t>(slot)) base_sums.per_slot.resize(slot + 1);
            add(base_sums.per_slot[static_cast<std::size_t>(slot)], out, i,
                source_location{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                                batch.shipment_ids[i]});
        }
        // Every other plan over the same columns, the plans split over the threads.
        auto work = [&](unsigned t) {
            for (std::size_t j = t; j < plans.size(); j += threads)
                sum_batch(*engines[j], view, reader, batch, selected, sums[j], names[j]);
        };
        if (threads == 1) work(0);
        else {
            std::vector<std::jthread> pool;  // joined at the end of this block
            for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
            work(0);
        }
        if (request.progress) request.progress(reader.counts());
    }
    for (const auto& s : sums)
        if (!s.refused.empty())
            throw error("footprint.uncertainty.row", source_location{reader.source_name(), 0, 0, {}, {}}, s.refused,
                        "every row the statement computes computed with each factor moved too");
    gather(pass, reader, slots, base_sums, sums, computed_rows, shipments_per_slot);
    if (request.customer && !pass.customers.contains(*request.customer)) {
        customer_totals_under_plans none;
        none.doubled.assign(factor_ids.size(), statement_totals{});
        pass.customers[*request.customer] = std::move(none);
    }
    return pass;
}

}  // namespace footprint::uncertainty
