// Reading a statement's canonical JSON into the view the renderings use.
// See detail/statement_view.hpp.

#include "render/detail/statement_view.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "footprint/core/error.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/products/inventory.hpp"

namespace footprint::detail::statement_rendering {

namespace {

using json = nlohmann::json;

// ---- reading the statement --------------------------------------------------

json parse_statement_json(const std::string& text) {
    // `shipment_rows` is discarded as it is parsed: no rendering shows it.
    json::parser_callback_t drop_rows = [](int depth, json::parse_event_t event, json& parsed) {
        return !(event == json::parse_event_t::key && depth == 1 && parsed == "shipment_rows");
    };
    try {
        return json::parse(text, drop_rows);
    } catch (const json::parse_error& e) {
        throw error("footprint.statement.syntax",
                    source_location{"<statement>", 0, static_cast<std::uint32_t>(e.byte), {}, {}},
                    std::string("not valid JSON: ") + e.what(), "a statement written by footprint");
    }
}

enum class want : unsigned char { string, integer, count, boolean, object, array };

/// Reads fields with their JSON path, collecting every missing or mistyped
/// one (`footprint.statement.missing-field`, `footprint.statement.field-type`).
class field_reader {
public:
    const json* need(const json& parent, const std::string& key, const std::string& path, want w) {
        if (&parent == &missing()) return nullptr;  // the parent was reported already
        const std::string where = path + "/" + key;
        if (!parent.is_object() || !parent.contains(key)) {
            out_.add("footprint.statement.missing-field", loc(where), "missing field", "a statement written by footprint");
            return nullptr;
        }
        const json& v = parent[key];
        bool ok = false;
        const char* expected = "";
        switch (w) {
            case want::string: ok = v.is_string(), expected = "a string"; break;
            case want::integer:
                ok = v.is_number_integer() &&
                     (!v.is_number_unsigned() ||
                      v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
                expected = "an integer";
                break;
            case want::count: ok = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
                expected = "a count (an integer, 0 or more)";
                break;
            case want::boolean: ok = v.is_boolean(), expected = "true or false"; break;
            case want::object: ok = v.is_object(), expected = "an object"; break;
            case want::array: ok = v.is_array(), expected = "an array"; break;
        }
        if (!ok) {
            std::string found = v.dump();
            if (found.size() > 60) found = found.substr(0, 57) + "...";
            out_.add("footprint.statement.field-type", loc(where), "wrong type", expected, found);
            return nullptr;
        }
        return &v;
    }
    std::string str(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::string);
        return v ? v->get<std::string>() : std::string();
    }
    std::int64_t integer(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::integer);
        return v ? v->get<std::int64_t>() : 0;
    }
    std::uint64_t count(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::count);
        return v ? v->get<std::uint64_t>() : 0;
    }
    bool flag(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::boolean);
        return v ? v->get<bool>() : false;
    }
    const json& object(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::object);
        return v ? *v : missing();
    }
    const json& array(const json& parent, const std::string& key, const std::string& path) {
        static const json empty = json::array();
        const json* v = need(parent, key, path, want::array);
        return v ? *v : empty;
    }
    void add(std::string id, const std::string& where, std::string message, std::string expected, std::string found) {
        out_.add(std::move(id), loc(where), std::move(message), std::move(expected), std::move(found));
    }
    void done() const { out_.throw_if_any(); }

private:
    /// Stands for an object that is missing or mistyped: empty, and its fields are not reported again.
    static const json& missing() {
        static const json empty = json::object();
        return empty;
    }
    static source_location loc(const std::string& field) { return source_location{"<statement>", 0, 0, field, {}}; }
    diagnostics out_;
};

/// JSON pointer escaping of one key (`~` → `~0`, `/` → `~1`), for paths in messages.
std::string pointer_key(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

amounts read_amounts(field_reader& r, const json& j, const std::string& path) {
    amounts a;
    a.baseline = r.integer(j, "baseline_g", path);
    a.project = r.integer(j, "project_g", path);
    a.leakage = r.integer(j, "leakage_g", path);
    a.reduction = r.integer(j, "reduction_g", path);
    a.shipments = r.count(j, "shipments", path);
    return a;
}

std::vector<resolved_entry> read_resolved(field_reader& r, const json& list, const std::string& path) {
    std::vector<resolved_entry> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        const std::string p = path + "/" + std::to_string(i);
        resolved_entry v;
        v.label = r.str(e, "label", p);
        v.kind = r.str(e, "kind", p);
        v.value = r.str(e, "value", p);
        v.unit = r.str(e, "unit", p);
        v.source = r.str(e, "source", p);
        if (e.is_object() && e.contains("factor_id")) v.factor_id = r.str(e, "factor_id", p);
        if (e.is_object() && e.contains("fallback_path")) {
            const json& steps = r.array(e, "fallback_path", p);
            for (std::size_t k = 0; k < steps.size(); ++k) {
                if (steps[k].is_string()) v.fallback_path.push_back(steps[k].get<std::string>());
                else r.add("footprint.statement.field-type", p + "/fallback_path/" + std::to_string(k), "wrong type",
                           "a string", steps[k].dump());
            }
        }
        out.push_back(std::move(v));
    }
    return out;
}

/// `sources` (format 2): {id, publisher, title, year, url, table?}; a year
/// may be a number or a text, a url null.
std::vector<source_entry> read_sources(field_reader& r, const json& list) {
    std::vector<source_entry> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        const std::string p = "/sources/" + std::to_string(i);
        source_entry s;
        s.id = r.str(e, "id", p);
        s.publisher = r.str(e, "publisher", p);
        s.title = r.str(e, "title", p);
        auto text_or_number = [&](const char* key, bool optional) {
            if (!e.is_object() || !e.contains(key)) {
                if (!optional) (void)r.str(e, key, p);  // reports it missing
                return std::string();
            }
            const json& x = e[key];
            if (x.is_string()) return x.get<std::string>();
            if (x.is_number_integer()) return std::to_string(x.get<std::int64_t>());
            if (x.is_null()) return std::string();
            r.add("footprint.statement.field-type", p + "/" + key, "wrong type", "a text or a whole number", x.dump());
            return std::string();
        };
        s.year = text_or_number("year", false);
        s.url = text_or_number("url", false);
        s.table = text_or_number("table", true);
        out.push_back(std::move(s));
    }
    return out;
}

/// A figure the section writes as a decimal string.
double decimal(field_reader& r, const json& parent, const std::string& key, const std::string& path) {
    const json* v = r.need(parent, key, path, want::string);
    if (v == nullptr) return 0;
    const auto d = parse_number_text(v->get<std::string>());
    if (!d) r.add("footprint.statement.field-type", path + "/" + key, "not a number", "a decimal number as a string",
                  v->get<std::string>());
    return d.value_or(0);
}

draws_summary read_summary(field_reader& r, const json& parent, const std::string& key, const std::string& path) {
    const json& s = r.object(parent, key, path);
    const std::string p = path + "/" + key;
    return {decimal(r, s, "mean", p), decimal(r, s, "p2_5", p), decimal(r, s, "median", p), decimal(r, s, "p97_5", p)};
}

/// `uncertainty` (format 3): method, and (when there were shipments) model, results and sensitivity.
uncertainty_view read_uncertainty(field_reader& r, const json& s) {
    uncertainty_view u;
    u.present = true;
    const json& section = r.object(s, "uncertainty", "");
    const json& method = r.object(section, "method", "/uncertainty");
    u.iterations = r.count(method, "iterations", "/uncertainty/method");
    u.seed = r.count(method, "seed", "/uncertainty/method");
    u.quantile = r.str(method, "quantile", "/uncertainty/method");
    if (section.is_object() && section.contains("note")) {
        u.note = r.str(section, "note", "/uncertainty");
        return u;
    }
    const json& model = r.object(section, "model", "/uncertainty");
    u.reduction_g = r.integer(model, "reduction_g", "/uncertainty/model");
    const json& lin = r.object(model, "linearity", "/uncertainty/model");
    u.linearity_residual_g = r.integer(lin, "residual_g", "/uncertainty/model/linearity");
    u.linearity_bound_g = r.integer(lin, "bound_g", "/uncertainty/model/linearity");
    if (method.is_object() && method.contains("drawn_inputs")) {
        const json& drawn = r.array(method, "drawn_inputs", "/uncertainty/method");
        for (std::size_t i = 0; i < drawn.size(); ++i)
            u.drawn_inputs.push_back(drawn[i].is_string() ? drawn[i].get<std::string>() : std::string());
        const json& checks = r.object(model, "input_checks", "/uncertainty/model");
        const std::string cp = "/uncertainty/model/input_checks";
        u.inputs_residual_g = r.integer(checks, "inputs_residual_g", cp);
        u.inputs_bound_g = r.integer(checks, "inputs_bound_g", cp);
        u.interaction_residual_g = r.integer(checks, "interaction_residual_g", cp);
        u.interaction_bound_g = r.integer(checks, "interaction_bound_g", cp);
    }
    const json& res = r.object(section, "results", "/uncertainty");
    const std::string rp = "/uncertainty/results";
    u.baseline = read_summary(r, res, "baseline_t", rp);
    u.project = read_summary(r, res, "project_t", rp);
    u.reduction = read_summary(r, res, "reduction_t", rp);
    u.probability_positive = decimal(r, res, "probability_reduction_positive", rp);
    u.reduction_at_quantile_t = decimal(r, res, "reduction_at_quantile_t", rp);
    u.issuable_at_quantile_t = r.integer(res, "issuable_at_quantile_t", rp);
    const json& sens = r.array(section, "sensitivity", "/uncertainty");
    for (std::size_t i = 0; i < sens.size(); ++i) {
        const std::string p = "/uncertainty/sensitivity/" + std::to_string(i);
        sensitivity_entry e;
        e.factor_id = r.str(sens[i], "factor_id", p);
        e.rho = decimal(r, sens[i], "spearman_reduction", p);
        e.share = decimal(r, sens[i], "variance_share", p);
        e.sobol = decimal(r, sens[i], "sobol_first_order", p);
        e.er_low_t = decimal(r, sens[i], "reduction_at_p2_5_t", p);
        e.er_high_t = decimal(r, sens[i], "reduction_at_p97_5_t", p);
        e.er_low_text = r.str(sens[i], "reduction_at_p2_5_t", p);
        e.er_high_text = r.str(sens[i], "reduction_at_p97_5_t", p);
        u.sensitivity.push_back(std::move(e));
    }
    return u;
}

}  // namespace

statement_view read_view(const std::string& text) {
    const json s = parse_statement_json(text);
    field_reader r;
    statement_view v;
    if (!s.is_object()) {
        r.add("footprint.statement.syntax", "/", "not a JSON object", "a statement object", "");
        r.done();
    }
    v.format = r.str(s, "format", "");
    if (!v.format.empty() && std::find(std::begin(supported_formats), std::end(supported_formats), v.format) ==
                                 std::end(supported_formats))
        r.add("footprint.statement.format", "/format", "unsupported statement format",
              std::string(supported_formats[0]) + ", " + supported_formats[1] + " or " + supported_formats[2], v.format);
    v.customer = r.str(s, "customer", "");
    const json& period = r.object(s, "period", "");
    v.from = r.str(period, "from", "/period");
    v.to = r.str(period, "to", "/period");
    const json& software = r.object(s, "software", "");
    v.software_name = r.str(software, "name", "/software");
    v.software_version = r.str(software, "version", "/software");
    const json& m = r.object(s, "methodology", "");
    v.methodology_id = r.str(m, "id", "/methodology");
    v.methodology_version = r.str(m, "version", "/methodology");
    v.methodology_digest = r.str(m, "digest", "/methodology");
    if (m.contains("title")) v.methodology_title = r.str(m, "title", "/methodology");
    const json& sets = r.array(s, "factor_sets", "");
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const std::string p = "/factor_sets/" + std::to_string(i);
        v.factor_sets.push_back({r.str(sets[i], "name", p), r.str(sets[i], "version", p), r.str(sets[i], "digest", p)});
    }
    const json& gwp = r.object(s, "gwp", "");
    v.gwp_set = r.str(gwp, "set", "/gwp");
    v.gwp_source = r.str(gwp, "source", "/gwp");
    const json& overrides = r.object(s, "scenario_overrides", "");
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        v.overrides.emplace_back(it.key(), r.str(overrides, it.key(), "/scenario_overrides"));
    v.parameters = read_resolved(r, r.array(s, "parameters", ""), "/parameters");
    v.factors = read_resolved(r, r.array(s, "factors_used", ""), "/factors_used");
    const json& rows = r.object(s, "rows", "");
    v.rows_in_file = r.count(rows, "in_file", "/rows");
    v.accepted_in_file = r.count(rows, "accepted_in_file", "/rows");
    v.rejected_in_file = r.count(rows, "rejected_in_file", "/rows");
    v.customer_rows_in_file = r.count(rows, "customer_rows_in_file", "/rows");
    v.rows_in_statement = r.count(rows, "in_statement", "/rows");
    v.reconciles = r.flag(rows, "reconciles", "/rows");
    v.rejected_digest = r.str(rows, "rejected_digest", "/rows");
    const json& t = r.object(s, "totals_g", "");
    v.totals.baseline = r.integer(t, "baseline", "/totals_g");
    v.totals.project = r.integer(t, "project", "/totals_g");
    v.totals.leakage = r.integer(t, "leakage", "/totals_g");
    v.totals.reduction = r.integer(t, "reduction", "/totals_g");
    v.totals.shipments = r.count(s, "shipments", "");
    v.issuable_t = r.integer(s, "issuable_t", "");
    if (s.contains("note")) v.note = r.str(s, "note", "");
    const json& months = r.object(s, "by_month", "");
    for (auto it = months.begin(); it != months.end(); ++it)
        v.by_month.emplace_back(it.key(), read_amounts(r, it.value(), "/by_month/" + pointer_key(it.key())));
    const json& products = r.object(s, "by_product", "");
    for (auto col = products.begin(); col != products.end(); ++col) {
        const std::string p = "/by_product/" + pointer_key(col.key());
        std::vector<std::pair<std::string, amounts>> list;
        const json& ids = r.object(products, col.key(), "/by_product");
        for (auto it = ids.begin(); it != ids.end(); ++it)
            list.emplace_back(it.key(), read_amounts(r, it.value(), p + "/" + pointer_key(it.key())));
        v.by_product.emplace_back(col.key(), std::move(list));
    }
    const json& comps = r.object(s, "by_component_g", "");
    for (auto it = comps.begin(); it != comps.end(); ++it) {
        const std::string p = "/by_component_g/" + pointer_key(it.key());
        v.components.push_back({it.key(), r.str(it.value(), "term", p), r.str(it.value(), "stage", p),
                                r.integer(it.value(), "g", p)});
    }
    const json& stages = r.object(s, "by_stage_g", "");
    for (auto term = stages.begin(); term != stages.end(); ++term) {
        std::vector<std::pair<std::string, std::int64_t>> list;
        const json& per = r.object(stages, term.key(), "/by_stage_g");
        for (auto it = per.begin(); it != per.end(); ++it)
            list.emplace_back(it.key(), r.integer(per, it.key(), "/by_stage_g/" + pointer_key(term.key())));
        v.by_stage.emplace_back(term.key(), std::move(list));
    }
    const json& pl = r.object(s, "plausibility", "");
    v.plausibility_rule = r.str(pl, "rule", "/plausibility");
    v.implausible = r.count(pl, "implausible_shipments", "/plausibility");
    const json& examples = r.array(pl, "examples", "/plausibility");
    for (const auto& e : examples)
        if (e.is_string()) v.implausible_examples.push_back(e.get<std::string>());
    if (s.contains("sources")) v.sources = read_sources(r, r.array(s, "sources", ""));
    v.input_rows_digest = r.str(s, "input_rows_digest", "");
    v.statement_digest = r.str(s, "statement_digest", "");
    if (v.format == supported_formats[2]) v.uncertainty = read_uncertainty(r, s);
    r.done();
    return v;
}

/// Stages in life-cycle order, then any other key in sorted order.
std::vector<std::string> ordered_stages(const statement_view& v) {
    std::vector<std::string> keys;
    for (auto s : all_stages) keys.emplace_back(stage_key(s));
    std::vector<std::string> extra;
    for (const auto& [term, list] : v.by_stage)
        for (const auto& [stage, g] : list)
            if (std::find(keys.begin(), keys.end(), stage) == keys.end() &&
                std::find(extra.begin(), extra.end(), stage) == extra.end())
                extra.push_back(stage);
    std::sort(extra.begin(), extra.end());
    keys.insert(keys.end(), extra.begin(), extra.end());
    return keys;
}

std::int64_t stage_grams(const statement_view& v, const std::string& term, const std::string& stage) {
    for (const auto& [t, list] : v.by_stage)
        if (t == term)
            for (const auto& [s, g] : list)
                if (s == stage) return g;
    return 0;
}

}  // namespace footprint::detail::statement_rendering
