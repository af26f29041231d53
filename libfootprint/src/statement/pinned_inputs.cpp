// Format 2: the inputs a statement pins by digest, and the sentences `verify`
// prints for those that differ (detail/statement_input.hpp).

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "footprint/core/digest.hpp"
#include "footprint/core/number_text.hpp"
#include "statement/detail/statement_input.hpp"

namespace footprint::detail::statements {

namespace {

using json = nlohmann::json;

/// The words of a look-up's label: the ids of the products and vehicle
/// classes it reads appear there as words (`capacity(foldable-ibc-1000l-pool)`,
/// `per_vehicle(euo-pallet-unit, state: loaded, vehicle: artic-33t-plus)`,
/// `vehicle_payload(artic-33t-plus)`). Not its source: a citation may name
/// another product in passing ("as foldable-ibc-1000l").
void add_words(const std::string& text, std::set<std::string>& words) {
    std::string w;
    auto flush = [&] {
        if (!w.empty()) words.insert(w);
        w.clear();
    };
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') w += c;
        else flush();
    }
    flush();
}

/// A catalog file as the statement names it: its name in the catalog folder,
/// vehicle classes under vehicle-classes/.
std::string file_name(const source_location& where, bool vehicle) {
    const std::string base = std::filesystem::path(where.file).filename().string();
    return vehicle ? "vehicle-classes/" + base : base;
}

/// The catalog files the statement used, sorted by file name.
json catalog_json(const catalog& cat, const std::vector<resolved_value>& used, const accumulator& acc) {
    std::set<std::string> words;
    for (const auto& v : used) add_words(v.label, words);
    for (const auto& [column, products] : acc.by_product)
        for (const auto& [id, s] : products) words.insert(id);
    std::map<std::string, json> files;  // file name → entry: sorted by name
    for (const auto& [id, product] : cat.products())
        if (words.count(id))
            files[file_name(product.where, false)] = json{{"id", id}, {"digest", product.file_digest}};
    for (const auto& [id, vehicle] : cat.vehicles())
        if (words.count(id))
            files[file_name(vehicle.where, true)] = json{{"id", id}, {"digest", vehicle.file_digest}};
    json out = json::array();
    for (auto& [file, entry] : files) {
        entry["file"] = file;
        out.push_back(std::move(entry));
    }
    return out;
}

std::string text_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// An object's member `key`, or a null when there is none.
const json& member(const json& j, const char* key) {
    static const json none;
    if (!j.is_object()) return none;
    auto it = j.find(key);
    return it == j.end() ? none : *it;
}

void compare_catalog(const json& recorded, const json& rebuilt, std::vector<std::string>& out) {
    std::map<std::string, std::string> a, b;  // file → digest
    for (const auto& e : recorded) if (e.is_object()) a[text_of(e, "file")] = text_of(e, "digest");
    for (const auto& e : rebuilt) if (e.is_object()) b[text_of(e, "file")] = text_of(e, "digest");
    for (const auto& [file, digest] : a) {
        auto it = b.find(file);
        if (it == b.end())
            out.push_back("catalog differs: " + file + " digest " + digest + " recorded, not used now");
        else if (it->second != digest)
            out.push_back("catalog differs: " + file + " digest " + digest + " recorded, " + it->second + " now");
    }
    for (const auto& [file, digest] : b)
        if (!a.count(file)) out.push_back("catalog differs: " + file + " not recorded, digest " + digest + " now");
}

void compare_factor_sets(const json& recorded, const json& rebuilt, std::vector<std::string>& out) {
    const std::size_t n = std::max(recorded.size(), rebuilt.size());
    for (std::size_t i = 0; i < n; ++i) {
        const json& a = i < recorded.size() ? recorded[i] : json();
        const json& b = i < rebuilt.size() ? rebuilt[i] : json();
        const std::string role = i == 0 ? "base factor set" : "overlay " + std::to_string(i);
        auto name = [](const json& s) { return text_of(s, "name") + " " + text_of(s, "version"); };
        if (a.is_null()) out.push_back(role + " differs: none recorded, " + name(b) + " digest " + text_of(b, "digest") + " now");
        else if (b.is_null()) out.push_back(role + " differs: " + name(a) + " digest " + text_of(a, "digest") + " recorded, none now");
        else if (a != b)
            out.push_back(role + " differs: " + name(a) + " digest " + text_of(a, "digest") + " recorded, " + name(b) +
                          " digest " + text_of(b, "digest") + " now");
    }
}

}  // namespace

json pinned_inputs_json(const plan& p, const statement_context& context, const std::vector<resolved_value>& used,
                        const accumulator& acc) {
    const methodology& m = p.method();
    json sets = json::array();
    for (const auto& s : context.factor_sets)
        sets.push_back(json{{"name", s.name}, {"version", s.version}, {"digest", s.digest}});
    json overrides = json::object();
    for (const auto& [k, v] : p.options().overrides) overrides[k] = shortest_text(v);
    return json{{"methodology", json{{"id", m.id}, {"version", m.version}, {"digest", m.digest}}},
                {"factor_sets", sets},
                {"catalog", p.options().products ? catalog_json(*p.options().products, used, acc) : json::array()},
                {"scenario_overrides",
                 json{{"digest", sha256_hex(overrides.dump(-1, ' ', false, json::error_handler_t::strict))}}}};
}

std::vector<std::string> input_differences(const json& recorded, const json& rebuilt) {
    std::vector<std::string> out;
    const json& a = member(recorded, "inputs");
    const json& b = member(rebuilt, "inputs");
    if (!a.is_object() || !b.is_object()) return out;
    const json& ma = member(a, "methodology");
    const json& mb = member(b, "methodology");
    if (ma != mb)
        out.push_back("methodology differs: " + text_of(ma, "id") + " " + text_of(ma, "version") + " digest " +
                      text_of(ma, "digest") + " recorded, " + text_of(mb, "id") + " " + text_of(mb, "version") +
                      " digest " + text_of(mb, "digest") + " now");
    const json& fa = member(a, "factor_sets");
    const json& fb = member(b, "factor_sets");
    if (fa.is_array() && fb.is_array()) compare_factor_sets(fa, fb, out);
    const json& ca = member(a, "catalog");
    const json& cb = member(b, "catalog");
    if (ca.is_array() && cb.is_array()) compare_catalog(ca, cb, out);
    const json& oa = member(a, "scenario_overrides");
    const json& ob = member(b, "scenario_overrides");
    if (oa != ob)
        out.push_back("scenario overrides differ: digest " + text_of(oa, "digest") + " recorded, " +
                      text_of(ob, "digest") + " now");
    return out;
}

}  // namespace footprint::detail::statements
