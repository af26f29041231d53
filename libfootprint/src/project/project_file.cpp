// Project files (project_file.hpp, docs/ccer-project.md).

#include "footprint/project/project_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "footprint/core/calendar.hpp"
#include "footprint/core/number_text.hpp"
#include "factors/detail/uncertainty_yaml.hpp"
#include "quantities/detail/yaml_reader.hpp"

namespace footprint {

using json = nlohmann::json;

double distance_distribution::mean(double loaded_mean) const {
    switch (k) {
        case kind::fixed: return value;
        case kind::uniform: return (min + max) / 2;
        case kind::share_of_loaded: return loaded_mean * (min + max) / 2;
    }
    return 0;
}

std::string distance_distribution::describe() const {
    switch (k) {
        case kind::fixed: return shortest_text(value) + " km";
        case kind::uniform: return "uniform " + shortest_text(min) + "-" + shortest_text(max) + " km";
        case kind::share_of_loaded:
            return "loaded distance x uniform " + shortest_text(min) + "-" + shortest_text(max);
    }
    return {};
}

const project_customer* project_description::find_customer(const std::string& cid) const {
    for (const auto& c : customers)
        if (c.id == cid) return &c;
    return nullptr;
}

std::map<std::string, std::int64_t> project_description::pool_by_product() const {
    std::map<std::string, std::int64_t> out;
    for (const auto& c : customers) out[c.reusable_product] += c.pool_size;
    return out;
}

std::int32_t project_description::end_day() const {
    const int y = year_from_days(start_day);
    const std::string iso = format_iso_date(start_day);
    const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
    unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
    // Same day crediting_years later, minus one; 29 February falls back to 28.
    if (m == 2 && d == 29) d = 28;
    return days_from_civil(y + crediting_years, m, d) - 1;
}

namespace {

using detail::yaml_reader;

void read_distribution(yaml_reader& r, const YAML::Node& map, const char* key, const std::string& path,
                       bool return_leg, distance_distribution& out) {
    const YAML::Node n = map[key];
    const std::string field = yaml_reader::join(path, key);
    if (!n.IsDefined() || n.IsNull()) {
        r.missing(map, key, path, "a distance distribution");
        return;
    }
    if (!r.require_map(n, field)) return;
    out.where = r.at(n, field);
    r.only_keys(n, field, {"distribution", "value", "min", "max"});
    const auto kind = r.string(n, "distribution", field);
    if (!kind) return;
    if (*kind == "fixed") {
        out.k = distance_distribution::kind::fixed;
        if (auto v = r.number(n, "value", field, true, 0.0)) out.value = *v;
        return;
    }
    if (*kind == "uniform" || (return_leg && *kind == "share-of-loaded")) {
        out.k = *kind == "uniform" ? distance_distribution::kind::uniform : distance_distribution::kind::share_of_loaded;
        auto lo = r.number(n, "min", field, true, 0.0);
        auto hi = r.number(n, "max", field, true, 0.0);
        if (lo) out.min = *lo;
        if (hi) out.max = *hi;
        if (lo && hi && *hi < *lo)
            r.out().add("footprint.project.distribution", r.at(n["max"], yaml_reader::join(field, "max")),
                        "the largest value is below the smallest", "max ≥ min (" + shortest_text(*lo) + ")",
                        shortest_text(*hi));
        return;
    }
    r.out().add("footprint.project.distribution", r.at(n["distribution"], yaml_reader::join(field, "distribution")),
                "unknown distribution",
                return_leg ? "fixed, uniform or share-of-loaded" : "fixed or uniform", *kind);
}

void read_grid_regions(yaml_reader& r, const YAML::Node& map, const std::string& path, project_customer& c) {
    const YAML::Node n = map["grid_regions"];
    const std::string field = yaml_reader::join(path, "grid_regions");
    if (!n.IsDefined() || n.IsNull()) {
        r.missing(map, "grid_regions", path, "a mapping of depot grid regions to weights");
        return;
    }
    if (!r.require_map(n, field)) return;
    double total = 0;
    for (const auto& kv : n) {
        const std::string region = kv.first.as<std::string>("");
        if (auto w = r.number_node(kv.second, yaml_reader::join(field, region), 0.0)) {
            c.grid_regions[region] = *w;
            total += *w;
        }
    }
    if (c.grid_regions.empty() || total <= 0)
        r.out().add("footprint.project.distribution", r.at(n, field), "no depot has a positive weight",
                    "at least one grid region with a weight above 0");
}

/// `washed_share_uncertainty:`, a multiplier of the share, whose span (its ends, or its 0.01 % and 99.99 %
/// quantiles) must keep the share within 0 … 1: a share of trips cannot pass all of them.
void read_washed_share_uncertainty(yaml_reader& r, const YAML::Node& n, const std::string& path, project_customer& c) {
    const char* key = "washed_share_uncertainty";
    if (!n[key].IsDefined()) return;
    const std::string field = yaml_reader::join(path, key);
    if (!(c.washed_share > 0)) {
        r.out().add("footprint.uncertainty.spec", r.at(n[key], field),
                    "a spread of a washed share of 0: a multiplier of 0 moves nothing", "a washed_share above 0",
                    shortest_text(c.washed_share));
        return;
    }
    auto d = detail::read_distribution(r, n, key, path, c.washed_share, "washed share of customer '" + c.id + "'",
                                       "the washed share");
    if (!d) return;
    const bool ends = d->kind == factor_distribution::shape::triangular || d->kind == factor_distribution::shape::uniform;
    const double lo = c.washed_share * (ends ? d->low : d->at(-3.719016485455709, 1e-4));
    const double hi = c.washed_share * (ends ? d->high : d->at(3.719016485455709, 1 - 1e-4));
    if (lo < 0 || hi > 1 + 1e-12) {
        r.out().add("footprint.uncertainty.spec", r.at(n[key], field),
                    "the washed share's spread reaches " + shortest_text(lo) + " … " + shortest_text(hi) +
                        ", outside 0 … 1",
                    "a spread that keeps the share of trips washed within 0 … 1");
        return;
    }
    c.washed_share_distribution = d;
}

project_customer read_customer(yaml_reader& r, const YAML::Node& n, const std::string& path) {
    project_customer c;
    c.where = r.at(n, path);
    if (!r.require_map(n, path)) return c;
    r.only_keys(n, path,
                {"id", "reusable_product", "baseline_product", "pool_size", "washed_share",
                 "washed_share_uncertainty", "grid_regions", "vehicle_class", "loaded_distance", "return_distance"});
    if (auto v = r.string(n, "id", path)) c.id = *v;
    if (auto v = r.string(n, "reusable_product", path)) c.reusable_product = *v;
    if (auto v = r.string(n, "baseline_product", path)) c.baseline_product = *v;
    if (auto v = r.integer(n, "pool_size", path, true, 1, 2000000000)) c.pool_size = *v;
    if (auto v = r.number(n, "washed_share", path, true, 0.0, 1.0)) c.washed_share = *v;
    read_washed_share_uncertainty(r, n, path, c);
    if (auto v = r.string(n, "vehicle_class", path, false)) c.vehicle_class = *v;
    read_grid_regions(r, n, path, c);
    read_distribution(r, n, "loaded_distance", path, false, c.loaded_distance);
    read_distribution(r, n, "return_distance", path, true, c.return_distance);
    return c;
}

void read_qaqc(yaml_reader& r, const YAML::Node& root, project_description& p) {
    const YAML::Node n = root["qaqc"];
    if (!n.IsDefined() || n.IsNull()) return;  // the defaults of qaqc_thresholds
    if (!r.require_map(n, "qaqc")) return;
    r.only_keys(n, "qaqc",
                {"outlier_z", "return_to_loaded", "cycle_ratio_max", "max_gap_days", "examples", "estimate_deviation",
                 "washed_share_tolerance", "loss_ratio_max"});
    auto& q = p.qaqc;
    if (auto v = r.number(n, "outlier_z", "qaqc", false, 1.0)) q.outlier_z = *v;
    if (auto v = r.number(n, "cycle_ratio_max", "qaqc", false, 1.0)) q.cycle_ratio_max = *v;
    if (auto v = r.integer(n, "max_gap_days", "qaqc", false, 1, 3660)) q.max_gap_days = *v;
    if (auto v = r.integer(n, "examples", "qaqc", false, 1, 1000)) q.examples = *v;
    if (auto v = r.number(n, "estimate_deviation", "qaqc", false, 0.0)) q.estimate_deviation = *v;
    if (auto v = r.number(n, "washed_share_tolerance", "qaqc", false, 0.0, 1.0)) q.washed_share_tolerance = *v;
    if (auto v = r.number(n, "loss_ratio_max", "qaqc", false, 1.0)) q.loss_ratio_max = *v;
    const YAML::Node ratio = n["return_to_loaded"];
    if (ratio.IsDefined() && !ratio.IsNull() && r.require_map(ratio, "qaqc.return_to_loaded")) {
        r.only_keys(ratio, "qaqc.return_to_loaded", {"min", "max"});
        if (auto v = r.number(ratio, "min", "qaqc.return_to_loaded", true, 0.0)) q.return_ratio_min = *v;
        if (auto v = r.number(ratio, "max", "qaqc.return_to_loaded", true, 0.0)) q.return_ratio_max = *v;
        if (q.return_ratio_max < q.return_ratio_min)
            r.out().add("footprint.project.distribution", r.at(ratio["max"], "qaqc.return_to_loaded.max"),
                        "the largest ratio is below the smallest", "max ≥ min", shortest_text(q.return_ratio_max));
    }
}

void read_header(yaml_reader& r, const YAML::Node& root, project_description& p) {
    if (auto v = r.string(root, "id", "")) p.id = *v;
    if (auto v = r.string(root, "owner", "", false)) p.owner = *v;
    if (auto v = r.string(root, "methodology", "")) {
        p.methodology = *v;
        if (v->find('@') == std::string::npos)
            r.out().add("footprint.project.methodology", r.at(root["methodology"], "methodology"),
                        "the methodology must be named with its version", "id@version, e.g. reusable-packaging-reduction@2.1.0",
                        *v);
    }
    const YAML::Node title = root["title"];
    if (title.IsScalar()) {
        p.title.en = title.Scalar();
    } else if (title.IsMap()) {
        r.only_keys(title, "title", {"en", "zh"});
        if (auto v = r.string(title, "en", "title")) p.title.en = *v;
        if (auto v = r.string(title, "zh", "title", false)) p.title.zh = *v;
    } else {
        r.missing(root, "title", "", "a title (text, or en: and zh:)");
    }
    if (auto v = r.string(root, "start_date", "")) {
        if (auto d = parse_iso_date(*v)) p.start_day = *d;
        else
            r.out().add("footprint.project.date", r.at(root["start_date"], "start_date"), "not a date",
                        "an ISO 8601 date YYYY-MM-DD", *v);
    }
    if (auto v = r.integer(root, "crediting_years", "", true, 1, 21)) p.crediting_years = *v;
    const YAML::Node params = root["parameters"];
    if (params.IsDefined() && !params.IsNull() && r.require_map(params, "parameters"))
        for (const auto& kv : params) {
            const std::string name = kv.first.as<std::string>("");
            if (auto v = r.number_node(kv.second, yaml_reader::join("parameters", name))) p.parameters[name] = *v;
        }
}

}  // namespace

project_description load_project_yaml(const std::string& yaml, const std::string& name) {
    diagnostics problems;
    yaml_reader r(name, problems);
    project_description p;
    p.file = name;
    auto doc = r.parse(yaml);
    if (doc && r.require_map(*doc, "")) {
        const YAML::Node& root = *doc;
        r.only_keys(root, "",
                    {"id", "title", "owner", "methodology", "start_date", "crediting_years", "parameters", "customers",
                     "qaqc", "loss_record"});
        read_header(r, root, p);
        if (auto v = r.string(root, "loss_record", "", false)) p.loss_record = *v;
        const YAML::Node customers = root["customers"];
        if (!customers.IsSequence() || customers.size() == 0) {
            r.out().add("footprint.yaml.missing-field", r.at(customers.IsDefined() ? customers : root, "customers"),
                        "a project needs at least one customer", "a list of customers");
        } else {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < customers.size(); ++i) {
                const std::string path = yaml_reader::index("customers", i);
                project_customer c = read_customer(r, customers[i], path);
                if (!c.id.empty() && !seen.insert(c.id).second)
                    problems.add("footprint.project.duplicate-customer", r.at(customers[i]["id"], path + ".id"),
                                 "this customer is listed twice", "each customer once", c.id);
                p.customers.push_back(std::move(c));
            }
        }
        read_qaqc(r, root, p);
    }
    problems.throw_if_any();
    return p;
}

project_description load_project_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw error("footprint.io.read", source_location{file.string(), 0, 0, {}, {}}, "cannot open file",
                    "a readable project file");
    std::ostringstream s;
    s << in.rdbuf();
    return load_project_yaml(s.str(), file.string());
}

namespace {
void check_product(const project_customer& c, const std::string& id, bool want_reusable, const char* field,
                   const catalog& products, diagnostics& out) {
    source_location at = c.where;
    at.field += std::string(".") + field;
    const packaging_product* prod = products.find(id);
    if (prod == nullptr) {
        out.add("footprint.project.product", at, "no product with this id in the catalog", "a catalog product id", id);
        return;
    }
    if (prod->reusable() != want_reusable)
        out.add("footprint.project.product", at,
                want_reusable ? "the project packaging is not reusable" : "the baseline packaging is not single-use",
                want_reusable ? "a reusable catalog product" : "a single-use catalog product", id);
}
}  // namespace

diagnostics check_project(const project_description& p, const methodology& m, const catalog& products,
                          const region_tree& regions) {
    diagnostics out;
    const source_location file{p.file, 0, 0, {}, {}};
    if (p.methodology != m.id + "@" + m.version) {
        source_location at = file;
        at.field = "methodology";
        out.add("footprint.project.methodology", at, "the project names another methodology than the one loaded",
                m.id + "@" + m.version, p.methodology);
    }
    for (const auto& [name, value] : p.parameters)
        if (m.find_fixed(name) == nullptr) {
            source_location at = file;
            at.field = "parameters." + name;
            out.add("footprint.project.parameter", at, "not a fixed parameter of the methodology",
                    "a fixed parameter of " + m.id, name);
        }
    const monitored_parameter* vehicle = m.find_monitored("vehicle_class");
    for (const auto& c : p.customers) {
        check_product(c, c.reusable_product, true, "reusable_product", products, out);
        check_product(c, c.baseline_product, false, "baseline_product", products, out);
        for (const auto& [region, w] : c.grid_regions)
            if (!regions.contains(region)) {
                source_location at = c.where;
                at.field += ".grid_regions." + region;
                out.add("footprint.project.region", at, "grid region not in the region hierarchy",
                        "a region of factors/regions.yaml", region);
            }
        if (!c.vehicle_class.empty()) {
            const bool allowed = vehicle != nullptr && (vehicle->values.empty() ||
                                 std::find(vehicle->values.begin(), vehicle->values.end(), c.vehicle_class) !=
                                     vehicle->values.end());
            if (!allowed || products.find_vehicle(c.vehicle_class) == nullptr) {
                source_location at = c.where;
                at.field += ".vehicle_class";
                out.add("footprint.project.vehicle-class", at, "not a vehicle class the methodology accepts",
                        vehicle == nullptr ? "no vehicle_class: the methodology monitors none" : "a class of the catalog",
                        c.vehicle_class);
            }
        }
    }
    return out;
}

std::filesystem::path project_description::loss_record_path() const {
    if (loss_record.empty()) return {};
    const std::filesystem::path given(loss_record);
    if (given.is_absolute() || file.empty() || file.front() == '<') return given;
    return std::filesystem::path(file).parent_path() / given;
}

std::string project_canonical_json(const project_description& p, bool with_loss_record) {
    auto dist = [](const distance_distribution& d) {
        json j;
        switch (d.k) {
            case distance_distribution::kind::fixed: j = {{"distribution", "fixed"}, {"value", shortest_text(d.value)}}; break;
            case distance_distribution::kind::uniform:
                j = {{"distribution", "uniform"}, {"min", shortest_text(d.min)}, {"max", shortest_text(d.max)}};
                break;
            case distance_distribution::kind::share_of_loaded:
                j = {{"distribution", "share-of-loaded"}, {"min", shortest_text(d.min)}, {"max", shortest_text(d.max)}};
                break;
        }
        return j;
    };
    json customers = json::array();
    for (const auto& c : p.customers) {
        json regions = json::object();
        for (const auto& [k, v] : c.grid_regions) regions[k] = shortest_text(v);
        customers.push_back({{"id", c.id},
                             {"reusable_product", c.reusable_product},
                             {"baseline_product", c.baseline_product},
                             {"pool_size", c.pool_size},
                             {"washed_share", shortest_text(c.washed_share)},
                             {"grid_regions", regions},
                             {"vehicle_class", c.vehicle_class},
                             {"loaded_distance", dist(c.loaded_distance)},
                             {"return_distance", dist(c.return_distance)}});
        if (const auto& d = c.washed_share_distribution)  // only when declared: earlier files keep their digest
            customers.back()["washed_share_uncertainty"] = {{"shape", std::string(d->shape_name())},
                                                            {"sigma", shortest_text(d->sigma)},
                                                            {"low", shortest_text(d->low)},
                                                            {"mode", shortest_text(d->mode)},
                                                            {"high", shortest_text(d->high)}};
    }
    json params = json::object();
    for (const auto& [k, v] : p.parameters) params[k] = shortest_text(v);
    const auto& q = p.qaqc;
    json j{{"id", p.id},
           {"title", {{"en", p.title.en}, {"zh", p.title.zh}}},
           {"owner", p.owner},
           {"methodology", p.methodology},
           {"parameters", params},
           {"start_date", format_iso_date(p.start_day)},
           {"crediting_years", p.crediting_years},
           {"customers", customers},
           {"qaqc",
            {{"outlier_z", shortest_text(q.outlier_z)},
             {"return_to_loaded", {{"min", shortest_text(q.return_ratio_min)}, {"max", shortest_text(q.return_ratio_max)}}},
             {"cycle_ratio_max", shortest_text(q.cycle_ratio_max)},
             {"max_gap_days", q.max_gap_days},
             {"examples", q.examples},
             {"estimate_deviation", shortest_text(q.estimate_deviation)}}}};
    if (q.washed_share_tolerance) j["qaqc"]["washed_share_tolerance"] = shortest_text(*q.washed_share_tolerance);
    if (with_loss_record && q.loss_ratio_max) j["qaqc"]["loss_ratio_max"] = shortest_text(*q.loss_ratio_max);
    if (with_loss_record && !p.loss_record.empty()) j["loss_record"] = p.loss_record;
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
}

}  // namespace footprint
