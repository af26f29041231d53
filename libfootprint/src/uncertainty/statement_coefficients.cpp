// One reading of the shipments, every plan of the coefficient pass over each
// batch. See statement_coefficients.hpp.

#include "footprint/uncertainty/statement_coefficients.hpp"

#include <algorithm>
#include <cstdio>
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

/// One plan run over every batch: a copy of the statement's plan (rebound with
/// moved factors or overridden parameters), over the batch's columns with
/// some monitored columns scaled.
struct plan_run {
    std::unique_ptr<engine> eng;
    std::vector<std::pair<std::size_t, double>> scaled;  ///< (column of plan::inputs(), multiplier)
    std::string name;
    std::vector<std::vector<double>> buffers;            ///< the scaled columns of the current batch
};

/// `view` with the run's columns scaled (the run's own buffers hold them).
const batch_input& view_for(plan_run& run, const batch_input& view, batch_input& scaled_view) {
    if (run.scaled.empty()) return view;
    scaled_view = view;
    run.buffers.resize(run.scaled.size());
    for (std::size_t s = 0; s < run.scaled.size(); ++s) {
        const auto [column, multiplier] = run.scaled[s];
        const double* numbers = view.columns[column].numbers;
        if (numbers == nullptr) continue;  // a column the input does not have: nothing to scale
        run.buffers[s].assign(numbers, numbers + view.rows);
        for (double& v : run.buffers[s]) v *= multiplier;
        scaled_view.columns[column].numbers = run.buffers[s].data();
    }
    return scaled_view;
}

/// Adds the selected rows of one batch (selected[i] = slot, or −1) under one plan.
void sum_batch(plan_run& run, const batch_input& view, const shipment_reader& reader, const shipment_batch& batch,
               const std::vector<std::int32_t>& selected, plan_sums& sums) {
    // The plan over the columns alone: rows it rejects are looked at only where the statement sums them.
    batch_input scaled_view;
    const batch_output& out = run.eng->run(view_for(run, view, scaled_view));
    for (std::size_t i = 0; i < batch.rows; ++i) {
        const std::int32_t slot = selected[i];
        if (slot < 0) continue;
        const source_location where{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                                    batch.shipment_ids[i]};
        if (out.problem[i] != 0) {
            if (sums.refused.empty())
                sums.refused = "shipment " + batch.shipment_ids[i] + " (line " + std::to_string(batch.lines[i]) +
                               ") is computed by the statement but not with " + run.name + ": " +
                               run.eng->problems()[out.problem[i] - 1];
            continue;
        }
        if (sums.per_slot.size() <= static_cast<std::size_t>(slot)) sums.per_slot.resize(slot + 1);
        add(sums.per_slot[static_cast<std::size_t>(slot)], out, i, where);
    }
}

plan_run run_of(const plan& p, std::string name, std::vector<std::pair<std::size_t, double>> scaled = {}) {
    return plan_run{std::make_unique<engine>(p), std::move(scaled), std::move(name), {}};
}

/// The column of `p`'s inputs that monitored parameter `name` is read into.
std::size_t column_of(const plan& p, const std::string& name) {
    const auto& inputs = p.inputs();
    for (std::size_t c = 0; c < inputs.size(); ++c)
        if (inputs[c].name == name) return c;
    throw error("footprint.internal", source_location{}, "monitored parameter " + name + " is not an input of the plan",
                "every monitored parameter with a distribution among the plan's inputs");
}

/// Inputs moved together in one run: the plan bound again for parameters and catalog items
/// (plan_with_moves), monitored columns scaled.
struct input_moves {
    std::vector<std::pair<const tabulated_input*, double>> moves;
    std::vector<std::pair<std::size_t, double>> scaled;

    void add(const plan& p, const tabulated_input& in, double m) {
        if (in.place == input_place::monitored) scaled.emplace_back(column_of(p, in.name), m);
        else moves.emplace_back(&in, m);
    }

    /// The run of `p` with these moves, bound to `library` when given (factors moved too).
    [[nodiscard]] plan_run run(const plan& p, const factor_library* library, std::string name) const {
        if (moves.empty() && library == nullptr) return run_of(p, std::move(name), scaled);
        return run_of(plan_with_moves(p, moves, library), std::move(name), scaled);
    }
};

std::string node_text(double m) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", m);
    return buf;
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

/// Where each run's sums are: [0] every factor moved, [1 … F] one factor doubled, then the
/// inputs' nodes (−1: the node 1, the base), every input moved, and all moved.
struct run_layout {
    std::size_t factors = 0;
    std::vector<std::vector<std::ptrdiff_t>> nodes;  ///< [input][node]
    std::ptrdiff_t inputs_moved = -1, all_moved = -1;
};

/// One slot's totals under every run.
customer_totals_under_plans slot_totals(const run_layout& layout, const plan_sums& base, const std::vector<plan_sums>& sums,
                                        std::size_t slot) {
    customer_totals_under_plans m;
    m.base = at(base, slot);
    m.moved = at(sums[0], slot);
    for (std::size_t j = 1; j <= layout.factors; ++j) m.doubled.push_back(at(sums[j], slot));
    for (const auto& nodes : layout.nodes) {
        m.at_nodes.emplace_back();
        for (const std::ptrdiff_t r : nodes)
            m.at_nodes.back().push_back(r < 0 ? m.base : at(sums[static_cast<std::size_t>(r)], slot));
    }
    if (layout.inputs_moved >= 0) m.inputs_moved = at(sums[static_cast<std::size_t>(layout.inputs_moved)], slot);
    if (layout.all_moved >= 0) m.all_moved = at(sums[static_cast<std::size_t>(layout.all_moved)], slot);
    return m;
}

/// A customer's totals before any row is added: zeros shaped like the pass's runs.
customer_totals_under_plans zero_totals(const coefficient_pass& pass) {
    customer_totals_under_plans c;
    c.doubled.assign(pass.factor_ids.size(), statement_totals{});
    for (const auto& in : pass.inputs) c.at_nodes.emplace_back(in.nodes.size(), statement_totals{});
    return c;
}

/// The pass's customers and months from the sums of every slot: a month's totals are its slot's,
/// a customer's the sum of its months', run by run.
void gather(coefficient_pass& pass, const shipment_reader& reader, const slot_index& slots, const run_layout& layout,
            const plan_sums& base, const std::vector<plan_sums>& sums, const std::vector<std::uint64_t>& computed_rows,
            const std::vector<std::uint64_t>& shipments_per_slot) {
    const auto& customers = reader.dictionary(column_customer_id);
    for (std::size_t code = 0; code < computed_rows.size(); ++code)
        if (computed_rows[code] != 0) pass.customers[customers[code]] = zero_totals(pass);
    for (std::size_t slot = 0; slot < slots.slots().size(); ++slot) {
        const auto [code, month] = slots.slots()[slot];
        customer_totals_under_plans m = slot_totals(layout, base, sums, slot);
        m.shipments = shipments_per_slot[slot];
        customer_totals_under_plans& c = pass.customers[customers[static_cast<std::size_t>(code)]];
        c.shipments += m.shipments;
        add_totals(c.base, m.base);
        add_totals(c.moved, m.moved);
        for (std::size_t f = 0; f < m.doubled.size(); ++f) add_totals(c.doubled[f], m.doubled[f]);
        for (std::size_t i = 0; i < m.at_nodes.size(); ++i)
            for (std::size_t k = 0; k < m.at_nodes[i].size(); ++k) add_totals(c.at_nodes[i][k], m.at_nodes[i][k]);
        add_totals(c.inputs_moved, m.inputs_moved);
        add_totals(c.all_moved, m.all_moved);
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

    // Runs: the copy with every factor moved first (its library throws naming every unknown id), then one per
    // factor, then the methodology's inputs with a distribution (none: no more runs).
    const factor_library& library = *p.options().factors;
    std::vector<plan_run> runs;
    const factor_library moved = library.with_factors_scaled(pass.check_multipliers);
    runs.push_back(run_of(plan_with_moves(p, {}, &moved), "every factor moved by 10 %"));
    for (const auto& id : factor_ids) {
        const factor_library doubled = library.with_factors_scaled({{id, 2.0}});
        runs.push_back(run_of(plan_with_moves(p, {}, &doubled), "factor " + id + " doubled"));
    }
    run_layout layout;
    layout.factors = factor_ids.size();
    pass.inputs = tabulated_inputs(p);
    if (!pass.inputs.empty()) {
        input_moves all;
        for (const auto& in : pass.inputs) {
            layout.nodes.emplace_back();
            for (const double m : in.nodes) {
                if (m == 1.0) {
                    layout.nodes.back().push_back(-1);
                    continue;
                }
                input_moves one;
                one.add(p, in, m);
                layout.nodes.back().push_back(static_cast<std::ptrdiff_t>(runs.size()));
                runs.push_back(one.run(p, nullptr, in.id + " x " + node_text(m)));
            }
            all.add(p, in, in.check_multiplier);
        }
        layout.inputs_moved = static_cast<std::ptrdiff_t>(runs.size());
        runs.push_back(all.run(p, nullptr, "every input with a distribution moved"));
        layout.all_moved = static_cast<std::ptrdiff_t>(runs.size());
        runs.push_back(all.run(p, &moved, "every factor and input moved"));
    }
    engine base(p);
    plan_sums base_sums;
    std::vector<plan_sums> sums(runs.size());
    slot_index slots;
    std::vector<std::uint64_t> computed_rows, shipments_per_slot;
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(runs.size())));

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
            for (std::size_t j = t; j < runs.size(); j += threads)
                sum_batch(runs[j], view, reader, batch, selected, sums[j]);
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
    gather(pass, reader, slots, layout, base_sums, sums, computed_rows, shipments_per_slot);
    if (request.customer && !pass.customers.contains(*request.customer))
        pass.customers[*request.customer] = zero_totals(pass);
    return pass;
}

}  // namespace footprint::uncertainty
