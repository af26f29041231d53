// QA/QC of monitored data (qaqc.hpp, docs/ccer-project.md).

#include "footprint/project/qaqc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "footprint/core/calendar.hpp"
#include "footprint/core/number_text.hpp"

namespace footprint {

double project_parameter(const methodology& m, const project_description& p, const std::string& name) {
    auto it = p.parameters.find(name);
    if (it != p.parameters.end()) return it->second;
    const fixed_parameter* f = m.find_fixed(name);
    return f == nullptr ? 0.0 : f->value.value;
}

namespace {

double median_of(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::vector<double> robust_z(const std::vector<double>& values) {
    std::vector<double> z(values.size(), 0.0);
    if (values.empty()) return z;
    const double med = median_of(values);
    std::vector<double> dev(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) dev[i] = std::fabs(values[i] - med);
    double scale = 1.4826 * median_of(dev);
    if (scale == 0) {
        double sum = 0;
        for (double d : dev) sum += d;
        scale = 1.2533 * sum / static_cast<double>(dev.size());
    }
    if (scale == 0) return z;
    for (std::size_t i = 0; i < values.size(); ++i) z[i] = dev[i] / scale;
    return z;
}

namespace {

/// Collects a check's flagged rows: counts every one, keeps the first `limit` as examples.
struct flagger {
    qaqc_check& check;
    const monitored_data& data;
    const qaqc_context& ctx;
    std::size_t limit;
    void row(std::size_t r, std::string detail) {
        ++check.flagged;
        if (check.examples.size() < limit)
            check.examples.push_back({data.ids[r], ctx.origin ? ctx.origin(r) : "line " + std::to_string(data.lines[r]),
                                      std::move(detail)});
    }
    void group(std::string detail) {
        ++check.flagged;
        if (check.examples.size() < limit) check.examples.push_back({{}, {}, std::move(detail)});
    }
};

std::string num(double v) { return fmt::format("{}", v); }  // no exponent below 1e16: "100000"
std::string fixed3(double v) { return fmt::format("{:.3f}", v); }

/// The field a quarantined row's message names ("... shipment S1: loaded_distance: ...").
bool names_field(const quarantined_row& q, const std::string& field) {
    return q.message.find(" " + field + ": ") != std::string::npos;
}

void range_checks(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const methodology& m = *ctx.method;
    const std::size_t limit = static_cast<std::size_t>(ctx.project->qaqc.examples);
    for (const auto& p : m.monitored) {
        if (!p.minimum && !p.maximum) continue;
        const int c = d.column(p.name);
        if (c < 0 || !d.numeric(c)) continue;
        qaqc_check check;
        check.id = "range." + p.name;
        check.parameter = p.name;
        check.rule = "value outside the range the methodology declares for the parameter";
        check.threshold = fmt::format("[{}, {}] {} (methodology {}@{}, monitored parameter {})",
                                      p.minimum ? num(*p.minimum) : "-inf", p.maximum ? num(*p.maximum) : "inf",
                                      p.unit.text, m.id, m.version, p.name);
        flagger f{check, d, ctx, limit};
        const auto& col = d.numbers[static_cast<std::size_t>(c)];
        for (std::size_t r = 0; r < d.rows; ++r) {
            ++check.checked;
            if ((p.minimum && col[r] < *p.minimum) || (p.maximum && col[r] > *p.maximum))
                f.row(r, fmt::format("{} = {} {}", p.name, num(col[r]), p.unit.text));
        }
        for (const auto& q : d.quarantine)
            if (q.error_id == "footprint.shipment.out-of-range" && names_field(q, p.name)) {
                ++check.quarantined;
                if (check.examples.size() < limit)
                    check.examples.push_back({q.shipment_id, q.where, "refused at import: " + q.message});
            }
        out.push_back(std::move(check));
    }
}

void outlier_checks(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& q = ctx.project->qaqc;
    for (const char* name : {"loaded_distance", "return_distance"}) {
        const int c = d.column(name);
        if (c < 0) continue;
        qaqc_check check;
        check.id = std::string("outlier.") + name;
        check.parameter = name;
        check.rule =
            "robust z = |x - median| / (1.4826 x MAD) of the customer's own distances in the period (mean absolute "
            "deviation x 1.2533 when the MAD is 0); robust to the outliers it looks for, unlike mean and standard "
            "deviation, and meaningful for skewed distance distributions";
        check.threshold = "z > " + num(q.outlier_z) + " (project file qaqc.outlier_z)";
        flagger f{check, d, ctx, static_cast<std::size_t>(q.examples)};
        std::map<std::int32_t, std::vector<std::size_t>> by_customer;
        for (std::size_t r = 0; r < d.rows; ++r) by_customer[d.codes[column_customer_id][r]].push_back(r);
        const auto& col = d.numbers[static_cast<std::size_t>(c)];
        std::vector<std::pair<std::size_t, std::string>> flagged;
        for (const auto& [customer, rows] : by_customer) {
            std::vector<double> v;
            v.reserve(rows.size());
            for (auto r : rows) v.push_back(col[r]);
            const auto z = robust_z(v);
            const double med = median_of(v);
            for (std::size_t i = 0; i < rows.size(); ++i) {
                ++check.checked;
                if (z[i] > q.outlier_z)
                    flagged.emplace_back(rows[i], fmt::format("{} = {} km, customer {} median {} km, robust z {}", name,
                                                              num(v[i]), d.text(column_customer_id, rows[i]), num(med),
                                                              fixed3(z[i])));
            }
        }
        std::sort(flagged.begin(), flagged.end());
        for (auto& [r, detail] : flagged) f.row(r, std::move(detail));
        out.push_back(std::move(check));
    }
}

void return_check(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& q = ctx.project->qaqc;
    const int lc = d.column("loaded_distance"), rc = d.column("return_distance");
    qaqc_check check;
    check.id = "return-vs-loaded";
    check.parameter = "return_distance, loaded_distance";
    check.rule = "return distance / loaded distance outside the plausible band (a return with no loaded leg counts as outside)";
    check.threshold = fmt::format("[{}, {}] (project file qaqc.return_to_loaded)", num(q.return_ratio_min),
                                  num(q.return_ratio_max));
    if (lc < 0 || rc < 0) {
        check.applicable = false;
        check.rule = "not applicable: the methodology does not monitor both distances";
        out.push_back(std::move(check));
        return;
    }
    flagger f{check, d, ctx, static_cast<std::size_t>(q.examples)};
    const auto& loaded = d.numbers[static_cast<std::size_t>(lc)];
    const auto& ret = d.numbers[static_cast<std::size_t>(rc)];
    for (std::size_t r = 0; r < d.rows; ++r) {
        ++check.checked;
        if (loaded[r] == 0) {
            if (ret[r] > 0) f.row(r, fmt::format("return {} km with a loaded distance of 0", num(ret[r])));
            continue;
        }
        const double ratio = ret[r] / loaded[r];
        if (ratio < q.return_ratio_min || ratio > q.return_ratio_max)
            f.row(r, fmt::format("return {} km / loaded {} km = {}", num(ret[r]), num(loaded[r]), fixed3(ratio)));
    }
    out.push_back(std::move(check));
}

void line_and_pool_checks(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& p = *ctx.project;
    const int rp = d.column("reusable_product"), bp = d.column("baseline_product"), uc = d.column("units");
    qaqc_check line;
    line.id = "project-line";
    line.parameter = "customer_id, reusable_product, baseline_product";
    line.rule = "a row of a customer the project file does not list, or with other products than the customer's line";
    line.threshold = "the customers of the project file";
    qaqc_check pool;
    pool.id = "units-vs-pool";
    pool.parameter = "units";
    pool.rule = "more units in one shipment than the customer's pool of reusable units";
    pool.threshold = "customers[].pool_size (project file)";
    flagger fl{line, d, ctx, static_cast<std::size_t>(p.qaqc.examples)};
    flagger fp{pool, d, ctx, static_cast<std::size_t>(p.qaqc.examples)};
    for (std::size_t r = 0; r < d.rows; ++r) {
        ++line.checked;
        const std::string& cid = d.text(column_customer_id, r);
        const project_customer* c = p.find_customer(cid);
        if (c == nullptr) {
            fl.row(r, "customer " + cid + " is not in the project");
            continue;
        }
        if ((rp >= 0 && d.text(rp, r) != c->reusable_product) || (bp >= 0 && d.text(bp, r) != c->baseline_product)) {
            fl.row(r, fmt::format("products {} / {}, the customer's line is {} / {}", rp >= 0 ? d.text(rp, r) : "-",
                                  bp >= 0 ? d.text(bp, r) : "-", c->reusable_product, c->baseline_product));
            continue;
        }
        if (uc < 0) continue;
        ++pool.checked;
        const double units = d.numbers[static_cast<std::size_t>(uc)][r];
        if (units > static_cast<double>(c->pool_size))
            fp.row(r, fmt::format("{} units, pool of {} units", num(units), c->pool_size));
    }
    if (uc < 0) {
        pool.applicable = false;
        pool.rule = "not applicable: the methodology does not monitor units";
    }
    out.push_back(std::move(line));
    out.push_back(std::move(pool));
}

}  // namespace

namespace {

void cycles_check(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& p = *ctx.project;
    const double cycles = project_parameter(*ctx.method, p, "cycles_per_year");
    const int rp = d.column("reusable_product"), uc = d.column("units");
    qaqc_check check;
    check.id = "cycles";
    check.parameter = "units, reusable_product, date";
    check.rule =
        "trips of a reusable product in a month (the sum of units: one trip each) per unit of its pool, "
        "annualised (x 365.25 / days of the month in the period); the shipment data carry no unit ids, so trips "
        "per individual unit cannot be checked, only the pool's average";
    check.threshold = fmt::format("above {} x {} = {} trips a year (cycles_per_year of {}@{}{}; project file "
                                  "qaqc.cycle_ratio_max)",
                                  num(cycles), num(p.qaqc.cycle_ratio_max), num(cycles * p.qaqc.cycle_ratio_max),
                                  ctx.method->id, ctx.method->version,
                                  p.parameters.count("cycles_per_year") ? ", as the project sets it" : "");
    if (rp < 0 || uc < 0 || cycles <= 0) {
        check.applicable = false;
        check.rule = "not applicable: the methodology monitors no units or reusable product, or declares no cycles_per_year";
        out.push_back(std::move(check));
        return;
    }
    const auto pools = p.pool_by_product();
    std::map<std::pair<std::string, std::string>, double> trips;  // (product, month) -> trips
    for (std::size_t r = 0; r < d.rows; ++r)
        trips[{d.text(rp, r), month_of_day(d.codes[column_date][r])}] += d.numbers[static_cast<std::size_t>(uc)][r];
    flagger f{check, d, ctx, static_cast<std::size_t>(p.qaqc.examples)};
    for (const auto& [key, n] : trips) {
        ++check.checked;
        auto pool = pools.find(key.first);
        if (pool == pools.end() || pool->second <= 0) {
            f.group(fmt::format("{} {}: {} trips of a product with no pool in the project", key.first, key.second, num(n)));
            continue;
        }
        // Days of the month inside the period.
        const int y = std::stoi(key.second.substr(0, 4));
        const unsigned m = static_cast<unsigned>(std::stoi(key.second.substr(5, 2)));
        const std::int32_t first = std::max(days_from_civil(y, m, 1), d.from_day);
        const std::int32_t last = std::min(m == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, m + 1, 1) - 1,
                                           d.to_day);
        const double days = static_cast<double>(last - first + 1);
        const double per_unit = n / static_cast<double>(pool->second);
        const double yearly = per_unit * 365.25 / days;
        if (yearly > cycles * p.qaqc.cycle_ratio_max)
            f.group(fmt::format("{} {}: {} trips / {} units = {} trips per unit in {} days = {} a year", key.first,
                                key.second, num(n), pool->second, fixed3(per_unit), num(days), fixed3(yearly)));
    }
    out.push_back(std::move(check));
}

void gap_check(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& p = *ctx.project;
    qaqc_check check;
    check.id = "gaps";
    check.parameter = "date";
    check.rule = "a run of days without any shipment of a customer of the project, the period's start and end included";
    check.threshold = "more than " + std::to_string(p.qaqc.max_gap_days) + " days (project file qaqc.max_gap_days)";
    flagger f{check, d, ctx, static_cast<std::size_t>(p.qaqc.examples)};
    std::map<std::string, std::vector<std::int32_t>> days;
    for (const auto& c : p.customers) days[c.id];
    for (std::size_t r = 0; r < d.rows; ++r) {
        auto it = days.find(d.text(column_customer_id, r));
        if (it != days.end()) it->second.push_back(d.codes[column_date][r]);
    }
    for (auto& [customer, v] : days) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        ++check.checked;
        std::int32_t prev = d.from_day - 1;  // the day before the period: a gap at the start counts
        v.push_back(d.to_day + 1);           // and one at the end
        for (std::int32_t day : v) {
            const std::int32_t empty = day - prev - 1;
            if (empty > p.qaqc.max_gap_days)
                f.group(fmt::format("customer {}: no shipment from {} to {} ({} days)", customer,
                                    format_iso_date(prev + 1), format_iso_date(day - 1), empty));
            prev = day;
        }
    }
    out.push_back(std::move(check));
}

void duplicate_check(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    qaqc_check check;
    check.id = "duplicates";
    check.parameter = "every monitored parameter";
    check.rule =
        "a row equal to an earlier one in every column but the shipment id (same customer, day, products, units, "
        "distances, depot, washing and vehicle): the same trip recorded twice; the data carry no unit ids, so "
        "this is the finest duplicate the columns identify";
    check.threshold = "exact equality";
    flagger f{check, d, ctx, static_cast<std::size_t>(ctx.project->qaqc.examples)};
    std::map<std::vector<double>, std::size_t> first;
    const std::size_t ncol = d.schema.columns.size();
    for (std::size_t r = 0; r < d.rows; ++r) {
        ++check.checked;
        std::vector<double> key;
        key.reserve(ncol);
        for (std::size_t c = 1; c < ncol; ++c)
            key.push_back(d.numeric(static_cast<int>(c)) ? d.numbers[c][r] : static_cast<double>(d.codes[c][r]));
        auto [it, inserted] = first.emplace(std::move(key), r);
        if (!inserted) f.row(r, "same as shipment " + d.ids[it->second]);
    }
    out.push_back(std::move(check));
}

/// A customer's months: the share of washed trips (units of the shipments washed / units; the shipment's
/// count when the methodology monitors no units) against the share the project declares for it.
void washing_check(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& p = *ctx.project;
    const double tolerance = p.qaqc.washed_share_tolerance.value_or(qaqc_thresholds::default_washed_share_tolerance);
    const int wc = d.column("washed"), uc = d.column("units");
    qaqc_check check;
    check.id = "washing-share";
    check.parameter = uc >= 0 ? "washed, units" : "washed";
    check.rule =
        "a customer's month whose share of washed trips (units of the shipments washed after the trip / all its "
        "units in the month) differs from the share the project declares for the customer; the methodology "
        "monitors the washed flag per shipment but declares no share";
    check.threshold = fmt::format("|share - customers[].washed_share (project file)| > {} ({})", num(tolerance),
                                  p.qaqc.washed_share_tolerance ? "project file qaqc.washed_share_tolerance"
                                                                : "default; the project file sets no "
                                                                  "qaqc.washed_share_tolerance");
    if (wc < 0 || d.schema.columns[static_cast<std::size_t>(wc)].type != parameter_type::flag) {
        check.applicable = false;
        check.rule = "not applicable: the methodology monitors no washed flag";
        out.push_back(std::move(check));
        return;
    }
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> months;  // (customer, month) -> washed, all
    for (std::size_t r = 0; r < d.rows; ++r) {
        const std::string& cid = d.text(column_customer_id, r);
        if (p.find_customer(cid) == nullptr) continue;  // project-line flags it
        const double trips = uc >= 0 ? d.numbers[static_cast<std::size_t>(uc)][r] : 1.0;
        auto& m = months[{cid, month_of_day(d.codes[column_date][r])}];
        if (d.numbers[static_cast<std::size_t>(wc)][r] != 0) m.first += trips;
        m.second += trips;
    }
    flagger f{check, d, ctx, static_cast<std::size_t>(p.qaqc.examples)};
    for (const auto& [key, m] : months) {
        ++check.checked;
        const double declared = p.find_customer(key.first)->washed_share;
        const double share = m.second > 0 ? m.first / m.second : 0.0;
        if (m.second > 0 && std::fabs(share - declared) > tolerance)
            f.group(fmt::format("customer {} {}: {} of {} trips washed = {}, declared {} (difference {})", key.first,
                                key.second, num(m.first), num(m.second), fixed3(share), num(declared),
                                fixed3(share - declared)));
    }
    out.push_back(std::move(check));
}

/// Days of `month` ("YYYY-MM") inside the period [from, to], 0 when none; its first day in `first`.
std::int32_t days_in_period(const std::string& month, std::int32_t from, std::int32_t to) {
    const int y = std::stoi(month.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(month.substr(5, 2)));
    const std::int32_t first = std::max(days_from_civil(y, m, 1), from);
    const std::int32_t last =
        std::min(m == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, m + 1, 1) - 1, to);
    return last < first ? 0 : last - first + 1;
}

/// The months ("YYYY-MM") the period touches, in order.
std::vector<std::string> months_of_period(std::int32_t from, std::int32_t to) {
    std::vector<std::string> out;
    for (std::int32_t day = from; day <= to; ++day) {
        const std::string m = month_of_day(day);
        if (out.empty() || out.back() != m) out.push_back(m);
    }
    return out;
}

void loss_check(const monitored_data& d, const qaqc_context& ctx, std::vector<qaqc_check>& out) {
    const auto& p = *ctx.project;
    const double annual_loss = project_parameter(*ctx.method, p, "annual_loss");
    const double ratio = p.qaqc.loss_ratio_max.value_or(qaqc_thresholds::default_loss_ratio_max);
    qaqc_check check;
    check.id = "loss";
    check.parameter = "units_written_off (loss record), annual_loss";
    check.rule =
        "units of a reusable product written off in a month (the project's loss record) per unit of its pool, "
        "annualised (x 365.25 / days of the month in the period), and the same over the whole period, against the "
        "methodology's annual loss; a month of the period without an entry for a pooled product, and an entry of a "
        "product with no pool, are flagged too (fewer losses than declared are conservative and not flagged)";
    check.threshold = fmt::format("above {} x {} = {} a year (annual_loss of {}@{}{}; {})", num(annual_loss),
                                  num(ratio), num(annual_loss * ratio), ctx.method->id, ctx.method->version,
                                  p.parameters.count("annual_loss") ? ", as the project sets it" : "",
                                  p.qaqc.loss_ratio_max ? "project file qaqc.loss_ratio_max"
                                                        : "default; the project file sets no qaqc.loss_ratio_max");
    if (ctx.losses == nullptr || annual_loss <= 0) {
        check.applicable = false;
        check.rule = ctx.losses == nullptr
                         ? "not applicable: the shipment data carry no loss events (a lost unit makes no trip) and "
                           "the project file names no loss record (loss_record: units written off per month and "
                           "product, from the operator's asset register)"
                         : "not applicable: the methodology declares no annual_loss";
        out.push_back(std::move(check));
        return;
    }
    const std::size_t limit = static_cast<std::size_t>(p.qaqc.examples);
    auto flag = [&](std::string where, std::string detail) {
        ++check.flagged;
        if (check.examples.size() < limit) check.examples.push_back({{}, std::move(where), std::move(detail)});
    };
    const auto pools = p.pool_by_product();
    const auto months = months_of_period(d.from_day, d.to_day);
    std::map<std::pair<std::string, std::string>, const loss_entry*> entry;  // (product, month)
    for (const auto& e : ctx.losses->entries) {
        if (days_in_period(e.month, d.from_day, d.to_day) == 0) continue;  // outside the period
        entry[{e.reusable_product, e.month}] = &e;
        if (pools.count(e.reusable_product) == 0) {
            ++check.checked;
            flag(ctx.losses->name + ":" + std::to_string(e.line),
                 fmt::format("{} {}: {} units written off of a product with no pool in the project", e.reusable_product,
                             e.month, e.units_written_off));
        }
    }
    const double period_days = static_cast<double>(d.to_day - d.from_day + 1);
    for (const auto& [product, pool] : pools) {
        if (pool <= 0) continue;
        std::int64_t total = 0;
        for (const auto& month : months) {
            ++check.checked;
            auto it = entry.find({product, month});
            if (it == entry.end()) {
                flag(ctx.losses->name, fmt::format("{} {}: no entry in the loss record (0 when no unit was written off)",
                                                   product, month));
                continue;
            }
            const loss_entry& e = *it->second;
            total += e.units_written_off;
            const double days = static_cast<double>(days_in_period(month, d.from_day, d.to_day));
            const double yearly = static_cast<double>(e.units_written_off) / static_cast<double>(pool) * 365.25 / days;
            if (yearly > annual_loss * ratio)
                flag(ctx.losses->name + ":" + std::to_string(e.line),
                     fmt::format("{} {}: {} units written off / {} units in {} days = {} a year, {} x annual_loss",
                                 product, month, e.units_written_off, pool, num(days), fixed3(yearly),
                                 fixed3(yearly / annual_loss)));
        }
        ++check.checked;
        const double yearly = static_cast<double>(total) / static_cast<double>(pool) * 365.25 / period_days;
        if (yearly > annual_loss * ratio)
            flag(ctx.losses->name, fmt::format("{} over the period: {} units written off / {} units in {} days = {} a "
                                               "year, {} x annual_loss",
                                               product, total, pool, num(period_days), fixed3(yearly),
                                               fixed3(yearly / annual_loss)));
    }
    out.push_back(std::move(check));
}

}  // namespace

std::vector<qaqc_check> run_qaqc(const monitored_data& data, const qaqc_context& context) {
    std::vector<qaqc_check> out;
    range_checks(data, context, out);
    outlier_checks(data, context, out);
    return_check(data, context, out);
    line_and_pool_checks(data, context, out);
    cycles_check(data, context, out);
    gap_check(data, context, out);
    duplicate_check(data, context, out);
    if (context.checks_of_format >= 2) {
        washing_check(data, context, out);
        loss_check(data, context, out);
    }
    return out;
}

}  // namespace footprint
