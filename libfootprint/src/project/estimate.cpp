// The ex-ante estimate and its comparison with a monitoring report (estimate.hpp).

#include "footprint/project/estimate.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "footprint/core/calendar.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/version.hpp"
#include "footprint/project/monitoring_report.hpp"
#include "footprint/project/qaqc.hpp"

namespace footprint {

using json = nlohmann::json;

expected_amounts& expected_amounts::operator+=(const expected_amounts& o) {
    trips += o.trips;
    baseline_g += o.baseline_g;
    project_g += o.project_g;
    leakage_g += o.leakage_g;
    return *this;
}

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::strict); }
std::string num(double v) { return shortest_text(v); }

std::string vehicle_of(const plan& p, const project_customer& c) {
    if (!c.vehicle_class.empty()) return c.vehicle_class;
    const monitored_parameter* v = p.method().find_monitored("vehicle_class");
    return v == nullptr ? std::string() : v->default_value;
}

}  // namespace

expected_amounts expected_per_trip(const plan& p, const project_customer& c, int year, const distance_scale& scale) {
    auto multiplier = [&](const char* name) {
        const auto it = scale.find(name);
        return it == scale.end() ? 1.0 : it->second;
    };
    const double loaded_mean = c.loaded_distance.mean(0);
    const double loaded = loaded_mean * multiplier("loaded_distance");
    const double ret = c.return_distance.mean(loaded_mean) * multiplier("return_distance");
    const methodology& m = p.method();
    double weights = 0;
    for (const auto& [region, w] : c.grid_regions) weights += w;
    expected_amounts e;
    e.trips = 1;
    for (const auto& [region, w] : c.grid_regions) {
        for (int washed = 0; washed <= 1; ++washed) {
            const double share = (w / weights) * (washed == 1 ? c.washed_share : 1 - c.washed_share);
            if (share == 0) continue;
            std::map<std::string, std::string> row{{"units", "1"},
                                                   {"reusable_product", c.reusable_product},
                                                   {"baseline_product", c.baseline_product},
                                                   {"date", fmt::format("{:04}-07-01", year)},
                                                   {"loaded_distance", num(loaded)},
                                                   {"return_distance", num(ret)},
                                                   {"grid_region", region},
                                                   {"washed", washed == 1 ? "1" : "0"},
                                                   {"vehicle_class", vehicle_of(p, c)}};
            for (auto it = row.begin(); it != row.end();)
                it = m.find_monitored(it->first) == nullptr ? row.erase(it) : std::next(it);
            const auto v = p.evaluate_row(row);
            e.baseline_g += share * v.at("BE_g");
            e.project_g += share * v.at("PE_g");
            e.leakage_g += share * v.at("LE_g");
        }
    }
    return e;
}

expected_amounts expected_for(const plan& p, const project_customer& c, double trips, std::int32_t from_day,
                              std::int32_t to_day, const distance_scale& scale) {
    expected_amounts total;
    const double days = static_cast<double>(to_day - from_day + 1);
    for (std::int32_t start = from_day; start <= to_day;) {
        const int year = year_from_days(start);
        const std::int32_t end = std::min(to_day, days_from_civil(year + 1, 1, 1) - 1);
        const double part = trips * static_cast<double>(end - start + 1) / days;
        const expected_amounts per = expected_per_trip(p, c, year, scale);
        total.trips += part;
        total.baseline_g += part * per.baseline_g;
        total.project_g += part * per.project_g;
        total.leakage_g += part * per.leakage_g;
        start = end + 1;
    }
    return total;
}

namespace {

json amounts_json(const expected_amounts& a) {
    return json{{"trips", num(a.trips)},
                {"baseline_g", std::llround(a.baseline_g)},
                {"project_g", std::llround(a.project_g)},
                {"leakage_g", std::llround(a.leakage_g)},
                {"reduction_g", std::llround(a.reduction_g())}};
}

json provenance(const project_description& project, const plan_inputs& in) {
    const methodology& m = in.compiled->method();
    json sets = json::array();
    for (const auto& s : in.factor_set_infos()) sets.push_back(json{{"name", s.name}, {"version", s.version}, {"digest", s.digest}});
    json overrides = json::object();
    for (const auto& [k, v] : in.compiled->options().overrides) overrides[k] = num(v);
    const std::string pj = project_canonical_json(project);
    return json{{"project", json::parse(pj)},
                {"project_digest", sha256_hex(pj)},
                {"methodology", {{"id", m.id}, {"version", m.version}, {"digest", m.digest}, {"title", m.title.en},
                                 {"title_zh", m.title.zh}}},
                {"factor_sets", sets},
                {"gwp", std::string(in.compiled->options().gwp->name)},
                {"scenario_overrides", overrides},
                {"software", {{"name", "footprint"}, {"version", version}}}};
}

json fixed_assumption(const methodology& m, const project_description& p, const std::string& name) {
    const fixed_parameter* f = m.find_fixed(name);
    std::string source = "methodology " + m.id + "@" + m.version + " parameters.fixed." + name;
    if (p.parameters.count(name) != 0) source = "project file parameters." + name + " (scenario value)";
    else if (f != nullptr && !f->cited.source_id.empty())
        source += " (source " + f->cited.source_id + (f->cited.table.empty() ? "" : ": " + f->cited.table) + ")";
    else if (f != nullptr)
        source += " (assumption: " + f->cited.assumption + ")";
    return json{{"name", name}, {"value", num(project_parameter(m, p, name))},
                {"unit", f == nullptr ? std::string() : f->value.unit.text}, {"source", source}};
}

json assumptions(const project_description& p, const plan& pl) {
    const methodology& m = pl.method();
    json out = json::array();
    out.push_back(fixed_assumption(m, p, "cycles_per_year"));
    out.push_back(fixed_assumption(m, p, "annual_loss"));
    for (const auto& c : p.customers) {
        const std::string at = "project file customers[" + c.id + "]";
        std::string regions;
        for (const auto& [r, w] : c.grid_regions) regions += (regions.empty() ? "" : ", ") + r + " " + num(w);
        const double loaded = c.loaded_distance.mean(0);
        out.push_back({{"name", c.id + " pool_size"}, {"value", std::to_string(c.pool_size)}, {"unit", "units"}, {"source", at}});
        out.push_back({{"name", c.id + " products"}, {"value", c.reusable_product + " replacing " + c.baseline_product},
                       {"unit", ""}, {"source", at + " and the catalog (methodologies/catalog/)"}});
        out.push_back({{"name", c.id + " loaded_distance"}, {"value", num(loaded)}, {"unit", "km (mean)"},
                       {"source", at + ": " + c.loaded_distance.describe()}});
        out.push_back({{"name", c.id + " return_distance"}, {"value", num(c.return_distance.mean(loaded))},
                       {"unit", "km (mean)"}, {"source", at + ": " + c.return_distance.describe()}});
        out.push_back({{"name", c.id + " washed_share"}, {"value", num(c.washed_share)}, {"unit", "1"}, {"source", at}});
        out.push_back({{"name", c.id + " depots"}, {"value", regions}, {"unit", "weights"}, {"source", at}});
        out.push_back({{"name", c.id + " vehicle_class"}, {"value", vehicle_of(pl, c)}, {"unit", ""},
                       {"source", c.vehicle_class.empty() ? "the methodology's default" : at}});
    }
    return out;
}

}  // namespace

double plan_parameter(const plan& p, const std::string& name) {
    if (auto it = p.options().overrides.find(name); it != p.options().overrides.end()) return it->second;
    const fixed_parameter* f = p.method().find_fixed(name);
    return f == nullptr ? 0.0 : f->value.value;
}

std::vector<std::pair<std::int32_t, std::int32_t>> crediting_years(const project_description& project) {
    std::vector<std::pair<std::int32_t, std::int32_t>> out;
    std::int32_t start = project.start_day;
    const std::string iso = format_iso_date(project.start_day);
    const unsigned month = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
    unsigned day = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
    if (month == 2 && day == 29) day = 28;  // as project_description::end_day
    for (int k = 1; k <= project.crediting_years; ++k) {
        const int y0 = year_from_days(project.start_day);
        const std::int32_t end = days_from_civil(y0 + k, month, day) - 1;
        out.emplace_back(start, end);
        start = end + 1;
    }
    return out;
}

expected_amounts expected_crediting_period(const project_description& project, const plan& p,
                                           const distance_scale& scale) {
    const double cycles = plan_parameter(p, "cycles_per_year");
    expected_amounts all;
    for (const auto& [from, to] : crediting_years(project)) {
        expected_amounts year_total;  // summed as build_estimate sums them: the same bits as its `totals`
        for (const auto& c : project.customers)
            year_total += expected_for(p, c, static_cast<double>(c.pool_size) * cycles, from, to, scale);
        all += year_total;
    }
    return all;
}

std::string build_estimate(const project_description& project, const plan_inputs& in) {
    const plan& p = *in.compiled;
    const double cycles = plan_parameter(p, "cycles_per_year");
    json j = provenance(project, in);
    j["format"] = "footprint-ex-ante-estimate/1";
    j["assumptions"] = assumptions(project, p);
    json per_trip = json::array();
    json years = json::array();
    expected_amounts all;
    std::map<std::string, expected_amounts> by_customer;
    int k = 0;
    for (const auto& [start, end] : crediting_years(project)) {
        ++k;
        json customers = json::array();
        expected_amounts year_total;
        for (const auto& c : project.customers) {
            const expected_amounts e = expected_for(p, c, static_cast<double>(c.pool_size) * cycles, start, end);
            json cj = amounts_json(e);
            cj["customer"] = c.id;
            customers.push_back(cj);
            year_total += e;
            by_customer[c.id] += e;
        }
        all += year_total;
        json yj = amounts_json(year_total);
        yj["year"] = k;
        yj["from"] = format_iso_date(start);
        yj["to"] = format_iso_date(end);
        yj["customers"] = customers;
        years.push_back(yj);
    }
    for (const auto& c : project.customers)
        for (int y = year_from_days(project.start_day); y <= year_from_days(project.end_day()); ++y) {
            const expected_amounts e = expected_per_trip(p, c, y);
            per_trip.push_back({{"customer", c.id}, {"year", y}, {"baseline_g", num(e.baseline_g)},
                                {"project_g", num(e.project_g)}, {"leakage_g", num(e.leakage_g)},
                                {"reduction_g", num(e.reduction_g())}});
        }
    json totals = amounts_json(all);
    json customer_totals = json::object();
    for (const auto& [id, e] : by_customer) customer_totals[id] = amounts_json(e);
    j["per_trip"] = per_trip;
    j["years"] = years;
    j["totals"] = totals;
    j["customer_totals"] = customer_totals;
    expected_amounts avg = all;
    const double n = static_cast<double>(project.crediting_years);
    avg.trips /= n;
    avg.baseline_g /= n;
    avg.project_g /= n;
    avg.leakage_g /= n;
    j["annual_average"] = amounts_json(avg);
    j["crediting_period"] = {{"from", format_iso_date(project.start_day)}, {"to", format_iso_date(project.end_day())},
                             {"years", project.crediting_years}};
    j["estimate_digest"] = sha256_hex(dump(j));
    return j.dump(1, ' ', false, json::error_handler_t::strict) + "\n";
}

namespace {

json deviation(const std::string& what, double expected, double monitored, double threshold) {
    const double dev = expected == 0 ? (monitored == 0 ? 0.0 : 1.0) : (monitored - expected) / std::fabs(expected);
    json j{{"quantity", what}, {"expected", num(std::round(expected))}, {"monitored", num(monitored)},
           {"deviation", fmt::format("{:.4f}", dev)}, {"explanation_required", std::fabs(dev) > threshold}};
    if (std::fabs(dev) > threshold) j["explanation"] = "";
    return j;
}

}  // namespace

std::string compare_estimate(const project_description& project, const plan_inputs& in, const std::string& report_text) {
    const json r = json::parse(report_text, nullptr, false);
    if (r.is_discarded() || !r.is_object() || !parse_monitoring_report_format(r.value("format", "")))
        throw error("footprint.project.report-syntax", source_location{"<report>", 0, 0, {}, {}},
                    "not a monitoring report", "JSON with format footprint-monitoring-report/1 or /2");
    const plan& p = *in.compiled;
    const double cycles = project_parameter(p.method(), project, "cycles_per_year");
    const std::int32_t from = *parse_iso_date(r.at("period").at("from").get<std::string>());
    const std::int32_t to = *parse_iso_date(r.at("period").at("to").get<std::string>());
    const double days = static_cast<double>(to - from + 1);
    std::map<std::string, double> trips;
    for (const auto& c : r.at("implementation").at("customers"))
        trips[c.at("customer").get<std::string>()] = *parse_number_text(c.at("trips").get<std::string>());
    std::map<std::string, json> er;
    for (const auto& c : r.at("emission_reductions").at("customers")) er[c.at("customer").get<std::string>()] = c;
    const double threshold = project.qaqc.estimate_deviation;
    json customers = json::array();
    for (const auto& c : project.customers) {
        const expected_amounts e = expected_for(p, c, static_cast<double>(c.pool_size) * cycles * days / 365.25, from, to);
        const json m = er.count(c.id) ? er[c.id] : json{{"baseline_g", 0}, {"project_g", 0}, {"leakage_g", 0}, {"reduction_g", 0}};
        json rows = json::array();
        rows.push_back(deviation("trips", e.trips, trips[c.id], threshold));
        rows.push_back(deviation("BE_g", e.baseline_g, m.at("baseline_g").get<double>(), threshold));
        rows.push_back(deviation("PE_g", e.project_g, m.at("project_g").get<double>(), threshold));
        rows.push_back(deviation("LE_g", e.leakage_g, m.at("leakage_g").get<double>(), threshold));
        rows.push_back(deviation("ER_g", e.reduction_g(), m.at("reduction_g").get<double>(), threshold));
        customers.push_back({{"customer", c.id}, {"quantities", rows},
                             {"statement_digest", m.value("statement_digest", std::string())}});
    }
    json j{{"format", "footprint-estimate-comparison/1"},
           {"period", r.at("period")},
           {"report_digest", r.at("report_digest")},
           {"project_digest", sha256_hex(project_canonical_json(project))},
           {"threshold", num(threshold)},
           {"same_methodology", r.at("methodology").at("digest") == p.method().digest},
           {"customers", customers}};
    j["comparison_digest"] = sha256_hex(dump(j));
    return j.dump(1, ' ', false, json::error_handler_t::strict) + "\n";
}

}  // namespace footprint
