// The monitoring report (monitoring_report.hpp, docs/ccer-project.md).

#include "footprint/project/monitoring_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "footprint/core/calendar.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/version.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/project/loss_record.hpp"
#include "footprint/project/monitored_data.hpp"
#include "footprint/project/qaqc.hpp"

namespace footprint {

using json = nlohmann::json;

std::string monitoring_report_format_name(int format) {
    return "footprint-monitoring-report/" + std::to_string(format);
}

std::optional<int> parse_monitoring_report_format(const std::string& name) {
    for (int f = 1; f <= newest_monitoring_report_format; ++f)
        if (name == monitoring_report_format_name(f)) return f;
    return std::nullopt;
}

double percentile_sorted(const std::vector<double>& v, double q) {
    if (v.empty()) return 0;
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::strict); }
std::string num(double v) { return shortest_text(v); }

/// A shipment reader over a ledger or a CSV file; a ledger's refused rows and origins come with it.
struct opened_source {
    std::unique_ptr<shipment_ledger> ledger;
    std::unique_ptr<shipment_reader> reader;
};

opened_source open_source(const std::filesystem::path& path, const plan_inputs& in, bool keep_canonical) {
    opened_source s;
    const shipment_schema schema = shipment_schema::for_plan(*in.compiled);
    shipment_reader::options opts;
    opts.keep_canonical = keep_canonical;
    if (is_ledger_file(path)) {
        s.ledger = std::make_unique<shipment_ledger>(path, schema, false);
        s.reader = std::make_unique<shipment_reader>(s.ledger->rows(), schema, in.products, in.regions, opts);
    } else {
        s.reader = std::make_unique<shipment_reader>(csv_reader(path.string()), schema, in.products, in.regions, opts);
    }
    return s;
}

json numeric_month(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;  // sorted order: the same sum whatever order the rows came in
    return json{{"count", v.size()},
                {"min", num(v.front())},
                {"max", num(v.back())},
                {"mean", num(sum / static_cast<double>(v.size()))},
                {"sum", num(sum)},
                {"p10", num(percentile_sorted(v, 0.10))},
                {"p50", num(percentile_sorted(v, 0.50))},
                {"p90", num(percentile_sorted(v, 0.90))}};
}

json parameter_months(const monitored_data& d, int c) {
    json months = json::object();
    const auto col = static_cast<std::size_t>(c);
    const auto type = d.schema.columns[col].type;
    if (d.numeric(c)) {
        std::map<std::string, std::vector<double>> by_month;
        for (std::size_t r = 0; r < d.rows; ++r) by_month[month_of_day(d.codes[column_date][r])].push_back(d.numbers[col][r]);
        for (auto& [m, v] : by_month) months[m] = numeric_month(std::move(v));
    } else if (type == parameter_type::date) {
        std::map<std::string, std::pair<std::int32_t, std::int32_t>> range;
        std::map<std::string, std::uint64_t> count;
        for (std::size_t r = 0; r < d.rows; ++r) {
            const std::int32_t day = d.codes[col][r];
            const std::string m = month_of_day(day);
            auto [it, fresh] = range.emplace(m, std::make_pair(day, day));
            if (!fresh) it->second = {std::min(it->second.first, day), std::max(it->second.second, day)};
            ++count[m];
        }
        for (const auto& [m, mm] : range)
            months[m] = json{{"count", count[m]}, {"min", format_iso_date(mm.first)}, {"max", format_iso_date(mm.second)}};
    } else {
        std::map<std::string, std::map<std::string, std::uint64_t>> values;
        for (std::size_t r = 0; r < d.rows; ++r) ++values[month_of_day(d.codes[column_date][r])][d.text(c, r)];
        for (const auto& [m, v] : values) {
            std::uint64_t n = 0;
            for (const auto& [k, x] : v) n += x;
            months[m] = json{{"count", n}, {"values", v}};
        }
    }
    return months;
}

json parameter_summaries(const monitored_data& d, const methodology& m) {
    json out = json::array();
    for (const auto& p : m.monitored) {
        const int c = d.column(p.name);
        json e{{"name", p.name},
               {"description", {{"en", p.description.en}, {"zh", p.description.zh}}},
               {"type", std::string(parameter_type_name(p.type))},
               {"unit", p.unit.text},
               {"measured", p.measured_how},
               {"frequency", p.frequency},
               {"data_source", "shipment source column " + p.name + " (one value per shipment)"}};
        if (p.minimum) e["range_min"] = num(*p.minimum);
        if (p.maximum) e["range_max"] = num(*p.maximum);
        std::map<std::string, std::uint64_t> refused;
        std::uint64_t missing = 0;
        for (const auto& q : d.quarantine)
            if (q.message.find(" " + p.name + ": ") != std::string::npos) {
                ++refused[q.error_id];
                if (q.error_id == "footprint.shipment.missing-value") ++missing;
            }
        e["refused_rows"] = refused;
        e["missing"] = missing;
        e["months"] = c < 0 ? json::object() : parameter_months(d, c);
        out.push_back(std::move(e));
    }
    return out;
}

json implementation(const monitored_data& d, const project_description& p) {
    const int uc = d.column("units");
    std::map<std::string, std::pair<std::uint64_t, double>> per;  // customer -> shipments, trips
    for (const auto& c : p.customers) per[c.id];
    for (std::size_t r = 0; r < d.rows; ++r) {
        auto& e = per[d.text(column_customer_id, r)];
        ++e.first;
        if (uc >= 0) e.second += d.numbers[static_cast<std::size_t>(uc)][r];
    }
    const double years = static_cast<double>(d.to_day - d.from_day + 1) / 365.25;
    json customers = json::array();
    std::uint64_t shipments = 0;
    double trips = 0;
    std::int64_t pool = 0;
    for (const auto& [id, e] : per) {
        const project_customer* c = p.find_customer(id);
        json j{{"customer", id}, {"in_project", c != nullptr}, {"shipments", e.first}, {"trips", num(e.second)}};
        if (c != nullptr) {
            j["pool_size"] = c->pool_size;
            j["reusable_product"] = c->reusable_product;
            j["trips_per_pool_unit_a_year"] = num(e.second / static_cast<double>(c->pool_size) / years);
            pool += c->pool_size;
        }
        shipments += e.first;
        trips += e.second;
        customers.push_back(std::move(j));
    }
    json pools = json::object();
    for (const auto& [prod, n] : p.pool_by_product()) pools[prod] = n;
    return json{{"customers", customers},
                {"pool_by_product", pools},
                {"totals", {{"customers", per.size()}, {"shipments", shipments}, {"trips", num(trips)}, {"pool_units", pool}}}};
}

json qaqc_json(const std::vector<qaqc_check>& checks) {
    json out = json::array();
    for (const auto& c : checks) {
        json ex = json::array();
        for (const auto& e : c.examples) ex.push_back({{"shipment", e.shipment_id}, {"where", e.where}, {"detail", e.detail}});
        out.push_back({{"id", c.id},
                       {"parameter", c.parameter},
                       {"rule", c.rule},
                       {"threshold", c.threshold},
                       {"applicable", c.applicable},
                       {"checked", c.checked},
                       {"flagged", c.flagged},
                       {"quarantined", c.quarantined},
                       {"examples", ex}});
    }
    return out;
}

json reductions(const std::vector<statement_document>& docs) {
    json customers = json::array();
    std::int64_t be = 0, pe = 0, le = 0, er = 0;
    for (const auto& d : docs) {
        const json s = json::parse(d.json);
        const json& t = s.at("totals_g");
        customers.push_back({{"customer", d.customer},
                             {"statement_digest", d.digest},
                             {"shipments", s.at("shipments")},
                             {"baseline_g", t.at("baseline")},
                             {"project_g", t.at("project")},
                             {"leakage_g", t.at("leakage")},
                             {"reduction_g", t.at("reduction")},
                             {"issuable_t", s.at("issuable_t")}});
        be += t.at("baseline").get<std::int64_t>();
        pe += t.at("project").get<std::int64_t>();
        le += t.at("leakage").get<std::int64_t>();
        er += t.at("reduction").get<std::int64_t>();
    }
    return json{{"customers", customers},
                {"totals_g", {{"baseline", be}, {"project", pe}, {"leakage", le}, {"reduction", er}}}};
}

}  // namespace

namespace {

std::vector<statement_document> period_statements(const plan_inputs& in, const monitoring_request& r) {
    opened_source src = open_source(r.shipments, in, true);
    statement_request req;
    req.from_day = r.from_day;
    req.to_day = r.to_day;
    req.source_name = r.shipments.string();
    statement_context ctx;
    ctx.factor_sets = in.factor_set_infos();
    std::vector<statement_document> kept;
    for (auto& d : build_statements(*in.compiled, *src.reader, ctx, req))
        if (json::parse(d.json).at("rows").at("in_statement").get<std::uint64_t>() > 0) kept.push_back(std::move(d));
    return kept;
}

}  // namespace

monitoring_report_document build_monitoring_report(const project_description& project, const plan_inputs& in,
                                                   const monitoring_request& r) {
    if (r.format < 1 || r.format > newest_monitoring_report_format)
        throw error("footprint.project.report-syntax", source_location{"<request>", 0, 0, "format", {}},
                    "a monitoring report format footprint does not build",
                    "1 to " + std::to_string(newest_monitoring_report_format), std::to_string(r.format));
    if (r.to_day < r.from_day)
        throw error("footprint.project.period", source_location{"<request>", 0, 0, "to", {}},
                    "the monitoring period ends before it starts", "a last day on or after " + format_iso_date(r.from_day),
                    format_iso_date(r.to_day));
    const methodology& m = in.compiled->method();
    diagnostics problems = check_project(project, m, *in.products, *in.regions);
    if (in.compiled->options().overrides != project.parameters)
        problems.add("footprint.project.parameter", source_location{project.file, 0, 0, "parameters", {}},
                     "the plan was bound with other scenario values than the project's parameters",
                     "the plan bound with the project's parameters as overrides");
    problems.throw_if_any();
    monitored_data data;
    {
        opened_source src = open_source(r.shipments, in, false);
        data = read_monitored_data(*src.reader, r.from_day, r.to_day);
        qaqc_context ctx;
        if (src.ledger) {
            for (const auto& q : src.ledger->rejections())
                data.quarantine.push_back({q.shipment_id, q.error_id, q.message, q.file + ":" + std::to_string(q.line)});
        }
        shipment_ledger* ledger = src.ledger.get();
        const std::string name = r.shipments.string();
        ctx.origin = [&data, ledger, &name](std::size_t row) {
            if (ledger != nullptr)
                if (auto o = ledger->origin(data.ids[row])) return o->file + ":" + std::to_string(o->line);
            return name + ":" + std::to_string(data.lines[row]);
        };
        ctx.method = &m;
        ctx.project = &project;
        ctx.checks_of_format = r.format;
        std::optional<loss_record> losses;
        if (r.format >= 2 && !project.loss_record.empty()) {
            losses = read_loss_record(project.loss_record_path(), project.loss_record);
            ctx.losses = &*losses;
        }
        json report;
        if (losses)
            report["loss_record"] = {{"file", losses->name}, {"digest", losses->digest}, {"rows", losses->entries.size()}};
        report["qaqc"] = qaqc_json(run_qaqc(data, ctx));
        report["parameters"] = parameter_summaries(data, m);
        report["implementation"] = implementation(data, project);
        report["source"] = {{"rows_read", data.rows_read},
                            {"rows_in_period", data.rows},
                            {"rows_outside_period", data.outside_period},
                            {"rows_refused", data.quarantine.size()},
                            {"kind", src.ledger ? "ledger" : "csv"}};
        monitoring_report_document doc;
        doc.statements = period_statements(in, r);
        report["emission_reductions"] = reductions(doc.statements);
        const std::string project_json = project_canonical_json(project, r.format >= 2);
        report["project"] = json::parse(project_json);
        report["project_digest"] = sha256_hex(project_json);
        report["format"] = monitoring_report_format_name(r.format);
        report["software"] = json{{"name", "footprint"}, {"version", version}};
        report["methodology"] = json{{"id", m.id}, {"version", m.version}, {"digest", m.digest}, {"title", m.title.en},
                                     {"title_zh", m.title.zh}};
        json sets = json::array();
        for (const auto& s : in.factor_set_infos())
            sets.push_back(json{{"name", s.name}, {"version", s.version}, {"digest", s.digest}});
        report["factor_sets"] = sets;
        report["gwp"] = std::string(in.compiled->options().gwp->name);
        json overrides = json::object();
        for (const auto& [k, v] : in.compiled->options().overrides) overrides[k] = num(v);
        report["scenario_overrides"] = overrides;
        report["period"] = {{"from", format_iso_date(r.from_day)}, {"to", format_iso_date(r.to_day)}};
        doc.digest = sha256_hex(dump(report));
        report["report_digest"] = doc.digest;
        doc.json = report.dump(1, ' ', false, json::error_handler_t::strict) + "\n";
        return doc;
    }
}

std::string monitoring_report_digest(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("format") || !j["format"].is_string() ||
        !parse_monitoring_report_format(j["format"].get<std::string>()))
        throw error("footprint.project.report-syntax", source_location{"<report>", 0, 0, {}, {}},
                    "not a monitoring report", "JSON with format footprint-monitoring-report/1 or /2");
    j.erase("report_digest");
    return sha256_hex(dump(j));
}

namespace {

/// The first JSON path where `a` and `b` differ (keys in sorted order), or empty.
std::string first_difference(const json& a, const json& b, const std::string& path, std::string& va, std::string& vb) {
    if (a.type() != b.type() || (!a.is_object() && !a.is_array() && a != b)) {
        va = a.dump();
        vb = b.dump();
        return path.empty() ? "/" : path;
    }
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) {
                va = it.value().dump();
                vb = "(missing)";
                return path + "/" + it.key();
            }
            std::string d = first_difference(it.value(), b.at(it.key()), path + "/" + it.key(), va, vb);
            if (!d.empty()) return d;
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key())) {
                va = "(missing)";
                vb = it.value().dump();
                return path + "/" + it.key();
            }
        return {};
    }
    if (a.is_array()) {
        for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
            std::string d = first_difference(a[i], b[i], path + "/" + std::to_string(i), va, vb);
            if (!d.empty()) return d;
        }
        if (a.size() != b.size()) {
            va = std::to_string(a.size()) + " items";
            vb = std::to_string(b.size()) + " items";
            return path;
        }
    }
    return {};
}

}  // namespace

report_verification compare_monitoring_reports(const std::string& recorded, const std::string& rebuilt) {
    report_verification v;
    const json a = json::parse(recorded, nullptr, false);
    const json b = json::parse(rebuilt);
    if (a.is_discarded()) throw error("footprint.project.report-syntax", source_location{"<report>", 0, 0, {}, {}},
                                      "not a monitoring report", "JSON with format footprint-monitoring-report/1 or /2");
    v.recorded_digest = a.value("report_digest", std::string());
    v.computed_digest = monitoring_report_digest(recorded);
    v.digest_ok = v.recorded_digest == v.computed_digest;
    json a2 = a, b2 = b;
    a2.erase("report_digest");
    b2.erase("report_digest");
    v.first_difference = first_difference(a2, b2, "", v.expected, v.found);
    v.identical = v.digest_ok && v.first_difference.empty() && recorded == rebuilt;
    return v;
}

monitoring_request monitoring_request_of(const std::string& report_json, const std::filesystem::path& shipments) {
    (void)monitoring_report_digest(report_json);  // refuses what is not a report
    const json j = json::parse(report_json);
    monitoring_request r;
    r.shipments = shipments;
    const auto from = parse_iso_date(j.at("period").at("from").get<std::string>());
    const auto to = parse_iso_date(j.at("period").at("to").get<std::string>());
    if (!from || !to)
        throw error("footprint.project.report-syntax", source_location{"<report>", 0, 0, "/period", {}},
                    "the report's period is not two dates", "YYYY-MM-DD");
    r.from_day = *from;
    r.to_day = *to;
    r.format = *parse_monitoring_report_format(j.at("format").get<std::string>());
    return r;
}

}  // namespace footprint
