// Loading methodology files: structure, expressions parsed with their
// locations, names checked for uniqueness, and the canonical digest.

#include <algorithm>
#include <sstream>
#include <cctype>
#include <charconv>
#include <set>

#include "methodology/detail/parameter_uncertainty.hpp"
#include "quantities/detail/sources_yaml.hpp"
#include "quantities/detail/yaml_reader.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/methodology/methodology.hpp"

namespace footprint {

std::string_view parameter_type_name(parameter_type t) {
    switch (t) {
        case parameter_type::number: return "number";
        case parameter_type::integer: return "integer";
        case parameter_type::flag: return "flag";
        case parameter_type::product: return "product";
        case parameter_type::region: return "region";
        case parameter_type::text: return "text";
        case parameter_type::date: return "date";
    }
    return "?";
}

std::string_view rounding_mode_name(rounding_mode r) {
    switch (r) {
        case rounding_mode::down: return "down";
        case rounding_mode::up: return "up";
        case rounding_mode::nearest: return "nearest";
    }
    return "?";
}

std::string_view term_name(emission_term t) {
    switch (t) {
        case emission_term::baseline: return "BE";
        case emission_term::project: return "PE";
        case emission_term::leakage: return "LE";
        case emission_term::memo: return "memo";
        case emission_term::none: return "";
    }
    return "";
}

std::string range_text(const fixed_parameter& p) {
    return "[" + (p.minimum ? shortest_text(*p.minimum) : std::string("none")) + ", " +
           (p.maximum ? shortest_text(*p.maximum) : std::string("none")) + "]";
}

const fixed_parameter* methodology::find_fixed(const std::string& name) const {
    for (const auto& p : fixed)
        if (p.name == name) return &p;
    return nullptr;
}
const monitored_parameter* methodology::find_monitored(const std::string& name) const {
    for (const auto& p : monitored)
        if (p.name == name) return &p;
    return nullptr;
}
const equation* methodology::find_equation(const std::string& name) const {
    for (const auto& e : equations)
        if (e.name == name) return &e;
    return nullptr;
}

namespace {

using detail::yaml_reader;

bilingual read_bilingual(yaml_reader& r, const YAML::Node& map, const char* key, const std::string& path,
                         bool required) {
    bilingual b;
    YAML::Node n = map[key];
    std::string field = yaml_reader::join(path, key);
    if (!n.IsDefined() || n.IsNull()) {
        if (required) r.missing(map, key, path, "text, or {en: ..., zh: ...}");
        return b;
    }
    if (n.IsScalar()) {
        b.en = n.Scalar();
        return b;
    }
    if (n.IsMap()) {
        r.only_keys(n, field, {"en", "zh"});
        b.en = r.string(n, "en", field).value_or("");
        b.zh = r.string(n, "zh", field, false).value_or("");
        return b;
    }
    r.out().add("footprint.yaml.type", r.at(n, field), "expected text", "text, or {en: ..., zh: ...}");
    return b;
}

/// A text column's `default:` (the value when an input has no such column)
/// and `values:` (the texts it accepts); both belong to `type: text`.
void read_text_choices(yaml_reader& r, const YAML::Node& f, const std::string& p, monitored_parameter& mp) {
    const YAML::Node def = f["default"];
    const YAML::Node vals = f["values"];
    if (!def.IsDefined() && !vals.IsDefined()) return;
    if (mp.type != parameter_type::text) {
        r.out().add("footprint.methodology.choices", r.at(def.IsDefined() ? def : vals, p),
                    "default and values belong to text parameters", "type: text, or remove default and values",
                    std::string(parameter_type_name(mp.type)));
        return;
    }
    if (vals.IsDefined()) {
        if (!vals.IsSequence() || vals.size() == 0) {
            r.out().add("footprint.yaml.type", r.at(vals, p + ".values"), "values must be a non-empty list of texts",
                        "[a, b, ...]");
        } else {
            for (std::size_t i = 0; i < vals.size(); ++i) {
                if (!vals[i].IsScalar() || vals[i].Scalar().empty()) {
                    r.out().add("footprint.yaml.type", r.at(vals[i], yaml_reader::index(p + ".values", i)),
                                "expected a text", "a value such as artic-33t-plus");
                    continue;
                }
                mp.values.push_back(vals[i].Scalar());
            }
        }
    }
    if (def.IsDefined()) {
        if (auto d = r.string(f, "default", p)) {
            if (d->empty()) {
                r.out().add("footprint.methodology.choices", r.at(def, p + ".default"), "empty default",
                            "a text value");
            } else if (!mp.values.empty() &&
                       std::find(mp.values.begin(), mp.values.end(), *d) == mp.values.end()) {
                std::string known;
                for (const auto& v : mp.values) known += (known.empty() ? "" : ", ") + v;
                r.out().add("footprint.methodology.choices", r.at(def, p + ".default"),
                            "default is not one of the values", "one of: " + known, *d);
            } else {
                mp.default_value = *d;
            }
        }
    }
}

expr::node_ptr read_expression(yaml_reader& r, const YAML::Node& map, const char* key, const std::string& path,
                               std::string& text_out, bool required = true) {
    YAML::Node n = map[key];
    std::string field = yaml_reader::join(path, key);
    if (!n.IsDefined() || n.IsNull()) {
        if (required) r.missing(map, key, path, "an expression");
        return nullptr;
    }
    if (!n.IsScalar()) {
        r.out().add("footprint.yaml.type", r.at(n, field), "expected an expression", "an expression as text");
        return nullptr;
    }
    text_out = n.Scalar();
    source_location start = r.content_start(n, field);
    return expr::parse(text_out, start, r.out());
}

bool valid_name(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// `references:`, optional: a list of texts.
void read_references(yaml_reader& r, const YAML::Node& doc, methodology& m) {
    if (YAML::Node refs = doc["references"]; refs.IsDefined()) {
        if (!refs.IsSequence())
            r.out().add("footprint.yaml.type", r.at(refs, "references"), "expected a list", "- ISO 14067:2018 ...");
        else
            for (const auto& ref : refs) m.references.push_back(ref.as<std::string>(""));
    }
}

/// `applicability:`, required: the conditions under which the methodology
/// applies, each with an optional `check` expression.
void read_applicability(yaml_reader& r, const YAML::Node& doc, methodology& m) {
    YAML::Node app = doc["applicability"];
    if (!app.IsDefined()) {
        r.missing(doc, "applicability", "", "a list of conditions");
        return;
    }
    if (!app.IsSequence()) {
        r.out().add("footprint.yaml.type", r.at(app, "applicability"), "expected a list", "- {id, text, check}");
        return;
    }
    for (std::size_t i = 0; i < app.size(); ++i) {
        std::string p = yaml_reader::index("applicability", i);
        if (!r.require_map(app[i], p)) continue;
        r.only_keys(app[i], p, {"id", "text", "check"});
        applicability_condition c;
        c.where = r.at(app[i], p);
        c.id = r.string(app[i], "id", p).value_or("");
        c.text = read_bilingual(r, app[i], "text", p, true);
        c.check = read_expression(r, app[i], "check", p, c.check_text, false);
        m.applicability.push_back(std::move(c));
    }
}

/// One entry of `boundary:`. The node is taken by value, a handle as in the
/// loop that reads it: `e["scenario"]` is the non-const look-up it always was.
boundary_entry read_boundary_entry(yaml_reader& r, YAML::Node e, const std::string& p) {
    boundary_entry b;
    b.where = r.at(e, p);
    b.scenario = r.string(e, "scenario", p).value_or("");
    if (!b.scenario.empty() && b.scenario != "baseline" && b.scenario != "project" && b.scenario != "leakage")
        r.out().add("footprint.methodology.boundary", r.at(e["scenario"], p + ".scenario"), "unknown scenario",
                    "baseline, project or leakage", b.scenario);
    b.source = r.string(e, "source", p).value_or("");
    if (YAML::Node g = e["gases"]; g.IsSequence())
        for (const auto& gas : g) b.gases.push_back(gas.as<std::string>(""));
    b.included = r.boolean(e, "included", p).value_or(true);
    b.why = r.string(e, "why", p).value_or("");
    return b;
}

/// `boundary:`, required: the emission sources of each scenario, included or not and why.
void read_boundary(yaml_reader& r, const YAML::Node& doc, methodology& m) {
    YAML::Node b = doc["boundary"];
    if (!b.IsDefined()) {
        r.missing(doc, "boundary", "", "a list of emission sources");
        return;
    }
    if (!b.IsSequence()) {
        r.out().add("footprint.yaml.type", r.at(b, "boundary"), "expected a list",
                    "- {scenario, source, gases, included, why}");
        return;
    }
    for (std::size_t i = 0; i < b.size(); ++i) {
        std::string p = yaml_reader::index("boundary", i);
        if (!r.require_map(b[i], p)) continue;
        r.only_keys(b[i], p, {"scenario", "source", "gases", "included", "why"});
        m.boundary.push_back(read_boundary_entry(r, b[i], p));
    }
}

/// The names of parameters and equations share one namespace: each is a
/// valid identifier, claimed once across fixed, monitored and equations.
class name_claims {
public:
    explicit name_claims(yaml_reader& r) : r_(r) {}

    bool claim(const std::string& name, const YAML::Node& at, const std::string& field) {
        if (!valid_name(name)) {
            r_.out().add("footprint.methodology.name", r_.at(at, field), "not a valid name",
                         "letters, digits and _, starting with a letter", name);
            return false;
        }
        if (!names_.insert(name).second) {
            r_.out().add("footprint.methodology.duplicate-name", r_.at(at, field),
                         "name '" + name + "' is defined twice", "each parameter and equation named once", name);
            return false;
        }
        return true;
    }

private:
    yaml_reader& r_;
    std::set<std::string> names_;
};

/// A fixed parameter's citation: a `source:` listed under `sources:` (and its
/// `table:`), or an `assumption: {text, reason}`; one of the two is required.
void read_fixed_citation(yaml_reader& r, const YAML::Node& f, const std::string& p,
                         const std::set<std::string>& source_ids, fixed_parameter& fp) {
    if (f["source"].IsDefined()) {
        fp.cited.source_id = r.string(f, "source", p).value_or("");
        fp.cited.table = r.string(f, "table", p, false).value_or("");
        if (!fp.cited.source_id.empty() && source_ids.count(fp.cited.source_id) == 0)
            r.out().add("footprint.methodology.unknown-source", r.at(f["source"], p + ".source"), "unknown source",
                        "a source id listed under `sources:`", fp.cited.source_id);
    } else if (YAML::Node a = f["assumption"]; a.IsDefined() && a.IsMap()) {
        fp.cited.assumption = r.string(a, "text", p + ".assumption").value_or("");
        fp.cited.reason = r.string(a, "reason", p + ".assumption").value_or("");
    } else {
        r.out().add("footprint.methodology.uncited", r.at(f, p), "fixed parameter without a source",
                    "source: ID, or assumption: {text, reason}");
    }
}

/// A fixed parameter's `range: [min, max]` (either end null for none) and the
/// `range_why:` it needs: the values an override may take. The fixed value
/// must lie in its own range, and min ≤ max.
void read_fixed_range(yaml_reader& r, const YAML::Node& f, const std::string& p, std::optional<double> value,
                      fixed_parameter& fp) {
    YAML::Node range = f["range"];
    if (!range.IsDefined()) {
        if (f["range_why"].IsDefined())
            r.out().add("footprint.methodology.range", r.at(f["range_why"], p + ".range_why"),
                        "range_why without a range", "range: [min, max] beside it");
        return;
    }
    if (!range.IsSequence() || range.size() != 2) {
        r.out().add("footprint.yaml.type", r.at(range, p + ".range"), "range must be a pair", "[min, max]");
        return;
    }
    if (!range[0].IsNull()) fp.minimum = r.number_node(range[0], p + ".range[0]");
    if (!range[1].IsNull()) fp.maximum = r.number_node(range[1], p + ".range[1]");
    fp.range_why = r.string(f, "range_why", p, false).value_or("");
    if (fp.range_why.empty())
        r.out().add("footprint.methodology.range", r.at(range, p + ".range"), "a range without its reason",
                    "range_why: why overrides are limited to " + range_text(fp));
    if (fp.minimum && fp.maximum && *fp.minimum > *fp.maximum)
        r.out().add("footprint.methodology.range", r.at(range, p + ".range"), "the range's minimum is above its maximum",
                    "[min, max] with min ≤ max", range_text(fp));
    else if (value && ((fp.minimum && *value < *fp.minimum) || (fp.maximum && *value > *fp.maximum)))
        r.out().add("footprint.methodology.range", r.at(f["value"], p + ".value"),
                    "the fixed value is outside its own range " + range_text(fp), "a value in " + range_text(fp),
                    shortest_text(*value));
}

/// One entry of `parameters.fixed`: a named value with its unit and citation.
fixed_parameter read_fixed_parameter(yaml_reader& r, const YAML::Node& f, const std::string& p,
                                     const std::set<std::string>& source_ids, name_claims& names) {
    fixed_parameter fp;
    fp.where = r.at(f, p);
    fp.name = r.string(f, "name", p).value_or("");
    if (!fp.name.empty()) names.claim(fp.name, f["name"], p + ".name");
    fp.description = read_bilingual(r, f, "description", p, true);
    auto v = r.number(f, "value", p);
    auto u = r.string(f, "unit", p, false).value_or("1");
    auto spec = parse_unit(u, r.at(f["unit"], p + ".unit"), r.out());
    if (v && spec) fp.value = measured{*v, *spec};
    read_fixed_citation(r, f, p, source_ids, fp);
    read_fixed_range(r, f, p, v, fp);
    detail::read_fixed_uncertainty(r, f, p, v, fp);
    return fp;
}

/// A monitored parameter's `type:` (number when absent).
void read_parameter_type(yaml_reader& r, const YAML::Node& f, const std::string& p, monitored_parameter& mp) {
    std::string type = r.string(f, "type", p, false).value_or("number");
    static const std::pair<const char*, parameter_type> types[] = {
        {"number", parameter_type::number}, {"integer", parameter_type::integer},
        {"flag", parameter_type::flag},     {"product", parameter_type::product},
        {"region", parameter_type::region}, {"text", parameter_type::text},
        {"date", parameter_type::date}};
    bool known = false;
    for (const auto& [tn, tv] : types)
        if (type == tn) {
            mp.type = tv;
            known = true;
        }
    if (!known)
        r.out().add("footprint.methodology.type", r.at(f["type"], p + ".type"), "unknown parameter type",
                    "number, integer, flag, product, region, text or date", type);
}

/// A monitored parameter's `range: [min, max]`, either end null for none.
void read_range(yaml_reader& r, const YAML::Node& f, const std::string& p, monitored_parameter& mp) {
    if (YAML::Node range = f["range"]; range.IsDefined()) {
        if (range.IsSequence() && range.size() == 2) {
            if (!range[0].IsNull()) mp.minimum = r.number_node(range[0], p + ".range[0]");
            if (!range[1].IsNull()) mp.maximum = r.number_node(range[1], p + ".range[1]");
        } else {
            r.out().add("footprint.yaml.type", r.at(range, p + ".range"), "range must be a pair", "[min, max]");
        }
    }
}

/// One entry of `parameters.monitored`: a value each shipment row gives.
monitored_parameter read_monitored_parameter(yaml_reader& r, const YAML::Node& f, const std::string& p,
                                             name_claims& names) {
    monitored_parameter mp;
    mp.where = r.at(f, p);
    mp.name = r.string(f, "name", p).value_or("");
    if (!mp.name.empty()) names.claim(mp.name, f["name"], p + ".name");
    mp.description = read_bilingual(r, f, "description", p, true);
    read_parameter_type(r, f, p, mp);
    std::string u = r.string(f, "unit", p, false).value_or("1");
    if (auto spec = parse_unit(u, r.at(f["unit"], p + ".unit"), r.out())) mp.unit = *spec;
    read_range(r, f, p, mp);
    mp.required = r.boolean(f, "required", p).value_or(true);
    mp.measured_how = r.string(f, "measured", p, false).value_or("");
    mp.frequency = r.string(f, "frequency", p, false).value_or("");
    read_text_choices(r, f, p, mp);
    detail::read_monitored_uncertainty(r, f, p, mp);
    return mp;
}

/// `parameters:`, required: `fixed:` (cited values) and `monitored:` (per-shipment values).
void read_parameters(yaml_reader& r, const YAML::Node& doc, const std::set<std::string>& source_ids,
                     name_claims& names, methodology& m) {
    YAML::Node params = doc["parameters"];
    if (!params.IsDefined()) {
        r.missing(doc, "parameters", "", "{fixed: [...], monitored: [...]}");
        return;
    }
    if (!r.require_map(params, "parameters")) return;
    r.only_keys(params, "parameters", {"fixed", "monitored"});
    if (YAML::Node fixed = params["fixed"]; fixed.IsDefined() && fixed.IsSequence()) {
        for (std::size_t i = 0; i < fixed.size(); ++i) {
            std::string p = yaml_reader::index("parameters.fixed", i);
            const YAML::Node& f = fixed[i];
            if (!r.require_map(f, p)) continue;
            r.only_keys(f, p, {"name", "description", "value", "unit", "source", "table", "assumption", "range", "range_why",
                               "uncertainty"});
            m.fixed.push_back(read_fixed_parameter(r, f, p, source_ids, names));
        }
    }
    if (YAML::Node mon = params["monitored"]; mon.IsDefined() && mon.IsSequence()) {
        for (std::size_t i = 0; i < mon.size(); ++i) {
            std::string p = yaml_reader::index("parameters.monitored", i);
            const YAML::Node& f = mon[i];
            if (!r.require_map(f, p)) continue;
            r.only_keys(f, p, {"name", "description", "type", "unit", "range", "required", "measured", "frequency",
                               "default", "values", "uncertainty"});
            m.monitored.push_back(read_monitored_parameter(r, f, p, names));
        }
    }
}

/// One entry of `equations:`: a named expression, the term (BE, PE, LE,
/// memo) and the ISO 14067 stage it contributes to.
equation read_equation(yaml_reader& r, const YAML::Node& e, const std::string& p, name_claims& names) {
    diagnostics& out = r.out();
    equation eq;
    eq.where = r.at(e, p);
    eq.name = r.string(e, "name", p).value_or("");
    if (!eq.name.empty()) names.claim(eq.name, e["name"], p + ".name");
    eq.text = read_bilingual(r, e, "text", p, false);
    if (auto term = r.string(e, "term", p, false)) {
        if (*term == "BE") eq.term = emission_term::baseline;
        else if (*term == "PE") eq.term = emission_term::project;
        else if (*term == "LE") eq.term = emission_term::leakage;
        else if (*term == "memo") eq.term = emission_term::memo;
        else out.add("footprint.methodology.term", r.at(e["term"], p + ".term"), "unknown term",
                     "BE, PE, LE or memo", *term);
    }
    if (auto stage = r.string(e, "stage", p, false)) {
        eq.stage = parse_stage(*stage);
        if (!eq.stage)
            out.add("footprint.catalog.stage", r.at(e["stage"], p + ".stage"), "unknown stage",
                    "raw_material, production, distribution, use or end_of_life", *stage);
    }
    eq.credit = r.boolean(e, "credit", p).value_or(false);
    eq.expression = read_expression(r, e, "expr", p, eq.expression_text);
    return eq;
}

/// `equations:`, required.
void read_equations(yaml_reader& r, const YAML::Node& doc, name_claims& names, methodology& m) {
    YAML::Node eqs = doc["equations"];
    if (!eqs.IsDefined()) {
        r.missing(doc, "equations", "", "a list of equations");
        return;
    }
    if (!eqs.IsSequence()) {
        r.out().add("footprint.yaml.type", r.at(eqs, "equations"), "expected a list", "- {name, expr}");
        return;
    }
    for (std::size_t i = 0; i < eqs.size(); ++i) {
        std::string p = yaml_reader::index("equations", i);
        const YAML::Node& e = eqs[i];
        if (!r.require_map(e, p)) continue;
        r.only_keys(e, p, {"name", "text", "term", "stage", "credit", "expr"});
        m.equations.push_back(read_equation(r, e, p, names));
    }
}

/// `rounding:`, optional: the resolution (grams only) and the direction each
/// term is rounded in (conservative by default: BE down, PE and LE up).
void read_rounding(yaml_reader& r, const YAML::Node& doc, methodology& m) {
    YAML::Node rd = doc["rounding"];
    if (!rd.IsDefined() || !r.require_map(rd, "rounding")) return;
    diagnostics& out = r.out();
    r.only_keys(rd, "rounding", {"resolution", "baseline", "project", "leakage", "issuance"});
    auto mode = [&](const char* key, rounding_mode fallback) {
        auto s = r.string(rd, key, "rounding", false);
        if (!s) return fallback;
        if (*s == "down") return rounding_mode::down;
        if (*s == "up") return rounding_mode::up;
        if (*s == "nearest") return rounding_mode::nearest;
        out.add("footprint.methodology.rounding", r.at(rd[key], std::string("rounding.") + key), "unknown rounding",
                "down, up or nearest", *s);
        return fallback;
    };
    m.rounding.resolution = r.string(rd, "resolution", "rounding", false).value_or("g");
    if (m.rounding.resolution != "g")
        out.add("footprint.methodology.rounding", r.at(rd["resolution"], "rounding.resolution"),
                "unsupported resolution", "g (grams CO2e)", m.rounding.resolution);
    m.rounding.baseline = mode("baseline", rounding_mode::down);
    m.rounding.project = mode("project", rounding_mode::up);
    m.rounding.leakage = mode("leakage", rounding_mode::up);
    m.rounding.issuance = r.string(rd, "issuance", "rounding", false).value_or(m.rounding.issuance);
}

/// `plausibility:`, optional: a limit expression and its description.
void read_plausibility(yaml_reader& r, const YAML::Node& doc, methodology& m) {
    if (YAML::Node pl = doc["plausibility"]; pl.IsDefined() && r.require_map(pl, "plausibility")) {
        r.only_keys(pl, "plausibility", {"limit", "text"});
        m.plausibility_limit = read_expression(r, pl, "limit", "plausibility", m.plausibility_text);
        m.plausibility_description = read_bilingual(r, pl, "text", "plausibility", false);
    }
}

/// At least one equation must be a component of BE, PE or LE (memo terms do not count).
void check_has_terms(yaml_reader& r, const YAML::Node& doc, const methodology& m) {
    bool has_term = std::any_of(m.equations.begin(), m.equations.end(),
                                [](const equation& e) {
                                    return e.term != emission_term::none && e.term != emission_term::memo;
                                });
    if (!m.equations.empty() && !has_term)
        r.out().add("footprint.methodology.no-terms", r.at(doc["equations"], "equations"),
                    "no equation is a component of BE, PE or LE", "at least one equation with term: BE");
}

/// A methodology file, section by section in the order its problems are listed.
void read_document(yaml_reader& r, const YAML::Node& doc, methodology& m) {
    if (!r.require_map(doc, "")) return;
    r.only_keys(doc, "", {"id", "version", "title", "summary", "references", "sources", "applicability", "boundary",
                          "baseline_scenario", "functional_unit", "parameters", "equations", "rounding",
                          "conservativeness", "plausibility", "notes"});
    m.where = r.at(doc, "");
    m.id = r.string(doc, "id", "").value_or("");
    m.version = r.string(doc, "version", "").value_or("");
    m.title = read_bilingual(r, doc, "title", "", true);
    m.summary = read_bilingual(r, doc, "summary", "", false);
    m.baseline_scenario = read_bilingual(r, doc, "baseline_scenario", "", true);
    m.functional_unit = read_bilingual(r, doc, "functional_unit", "", true);
    m.conservativeness = read_bilingual(r, doc, "conservativeness", "", false);
    read_references(r, doc, m);
    std::set<std::string> source_ids;
    m.sources = detail::read_sources(r, doc, "", detail::source_year::optional, source_ids);
    read_applicability(r, doc, m);
    read_boundary(r, doc, m);
    name_claims names(r);
    read_parameters(r, doc, source_ids, names, m);
    read_equations(r, doc, names, m);
    read_rounding(r, doc, m);
    read_plausibility(r, doc, m);
    check_has_terms(r, doc, m);
}

}  // namespace

std::string canonical_text(const methodology& m) {
    // Field by field in a fixed order; expressions in canonical form, so that
    // whitespace and comments in the file do not change the digest but any
    // change of meaning does.
    std::string s;
    auto line = [&](std::string_view k, std::string_view v) {
        s += k;
        s += '=';
        s += v;
        s += '\n';
    };
    auto num = [](double v) {
        char buf[32];
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, p);
    };
    // Every field a reader of the methodology sees is part of its meaning,
    // prose included: a changed reason or Chinese text changes the digest.
    auto text = [&](std::string_view k, const bilingual& b) {
        line(std::string(k), b.en);
        line(std::string(k) + ".zh", b.zh);
    };
    // A parameter's distribution, only when declared, so that the digests of files without one stay as they were.
    auto spread = [&](const std::string& k, const std::optional<factor_distribution>& d) {
        if (d)
            line(k + ".uncertainty", std::string(d->shape_name()) + " sigma=" + num(d->sigma) + " low=" + num(d->low) +
                                         " mode=" + num(d->mode) + " high=" + num(d->high));
    };
    line("id", m.id);
    line("version", m.version);
    text("title", m.title);
    text("summary", m.summary);
    for (const auto& ref : m.references) line("reference", ref);
    text("baseline_scenario", m.baseline_scenario);
    text("functional_unit", m.functional_unit);
    text("conservativeness", m.conservativeness);
    for (const auto& c : m.applicability) {
        line("applicability." + c.id, c.check ? expr::to_string(*c.check) : std::string());
        text("applicability." + c.id + ".text", c.text);
    }
    for (const auto& b : m.boundary) {
        std::string gases;
        for (const auto& g : b.gases) gases += g + " ";
        line("boundary." + b.scenario + "." + b.source,
             std::string(b.included ? "included" : "excluded") + " gases=" + gases + "why=" + b.why);
    }
    for (const auto& f : m.fixed) {
        line("fixed." + f.name, num(f.value.value) + " " + f.value.unit.text + " source=" + f.cited.source_id +
                                    (f.cited.table.empty() ? "" : "/" + f.cited.table) + " assumption=" +
                                    f.cited.assumption + " reason=" + f.cited.reason);
        text("fixed." + f.name + ".description", f.description);
        // Only when declared, so that the digests of files without ranges stay as they were.
        if (f.minimum || f.maximum)
            line("fixed." + f.name + ".range", "[" + (f.minimum ? num(*f.minimum) : "") + "," +
                                                   (f.maximum ? num(*f.maximum) : "") + "] why=" + f.range_why);
        spread("fixed." + f.name, f.distribution);
    }
    for (const auto& p : m.monitored) {
        // default= and values= only when declared, so that the digests of earlier files stay as they were.
        std::string choices;
        if (!p.default_value.empty()) choices += " default=" + p.default_value;
        if (!p.values.empty()) {
            choices += " values=";
            for (std::size_t i = 0; i < p.values.size(); ++i) choices += (i ? "|" : "") + p.values[i];
        }
        line("monitored." + p.name, std::string(parameter_type_name(p.type)) + " " + p.unit.text + " [" +
                                        (p.minimum ? num(*p.minimum) : "") + "," + (p.maximum ? num(*p.maximum) : "") +
                                        "] required=" + (p.required ? "1" : "0") + " measured=" + p.measured_how +
                                        " frequency=" + p.frequency + choices);
        text("monitored." + p.name + ".description", p.description);
        spread("monitored." + p.name, p.distribution);
    }
    for (const auto& e : m.equations) {
        line("equation." + e.name, std::string(term_name(e.term)) + " " +
                                       (e.stage ? std::string(stage_key(*e.stage)) : std::string()) +
                                       (e.credit ? " credit" : "") + " := " +
                                       (e.expression ? expr::to_string(*e.expression) : std::string()));
        text("equation." + e.name + ".text", e.text);
    }
    auto mode = [](rounding_mode r) { return std::string(rounding_mode_name(r)); };
    line("rounding", m.rounding.resolution + " BE=" + mode(m.rounding.baseline) + " PE=" + mode(m.rounding.project) +
                         " LE=" + mode(m.rounding.leakage) + " issuance=" + m.rounding.issuance);
    if (m.plausibility_limit) line("plausibility", expr::to_string(*m.plausibility_limit));
    text("plausibility.text", m.plausibility_description);
    for (const auto& src : m.sources)
        line("source." + src.id, src.publisher + " | " + src.title + " | " + std::to_string(src.year) + " | " + src.url);
    return s;
}

methodology load_methodology_yaml(const std::string& yaml, const std::string& name) {
    diagnostics out;
    yaml_reader r(name, out);
    methodology m;
    m.file = name;
    if (auto doc = r.parse(yaml)) read_document(r, *doc, m);
    out.throw_if_any();
    m.digest = sha256_hex(canonical_text(m));
    return m;
}

methodology load_methodology(const std::filesystem::path& file) {
    diagnostics out;
    auto text = detail::read_text_file(file.string(), out);
    out.throw_if_any();
    return load_methodology_yaml(*text, file.string());
}

namespace {

std::string version_of(const std::filesystem::path& file) {
    // The version line is read without binding, so that a look-up does not load every file.
    diagnostics ignored;
    auto text = detail::read_text_file(file.string(), ignored);
    if (!text) return {};
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("version:", 0) == 0) {
            std::string v = line.substr(8);
            v.erase(0, v.find_first_not_of(" \t\"'"));
            v.erase(v.find_last_not_of(" \t\r\"'") + 1);
            return v;
        }
    return {};
}

}  // namespace

std::filesystem::path locate_methodology(const std::filesystem::path& dir, const std::string& id_or_file) {
    std::filesystem::path p(id_or_file);
    std::error_code ec;
    if (p.extension() == ".yaml" && std::filesystem::is_regular_file(p, ec)) return p;
    std::string id = id_or_file, version;
    if (auto at = id_or_file.find('@'); at != std::string::npos) {
        id = id_or_file.substr(0, at);
        version = id_or_file.substr(at + 1);
    }
    const bool plain = id.find('/') == std::string::npos && id.find('\\') == std::string::npos && !id.empty() &&
                       id.front() != '.' && version.find('/') == std::string::npos &&
                       version.find('\\') == std::string::npos;
    if (plain) {
        std::filesystem::path bundled = dir / (id + ".yaml");
        if (std::filesystem::is_regular_file(bundled, ec) && (version.empty() || version_of(bundled) == version))
            return bundled;
        if (!version.empty()) {
            std::filesystem::path archived = dir / "archive" / (id + "-" + version + ".yaml");
            if (std::filesystem::is_regular_file(archived, ec)) return archived;
        }
    }
    // Sorted, so that the message does not depend on the file system's order.
    std::vector<std::string> ids;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().extension() == ".yaml") ids.push_back(e.path().stem().string());
    std::sort(ids.begin(), ids.end());
    std::string known;
    for (const auto& i : ids) known += (known.empty() ? "" : ", ") + i;
    throw error("footprint.methodology.unknown", source_location{"<command line>", 0, 0, "methodology", {}},
                "no methodology '" + id_or_file + "'", "a bundled methodology id (" + known + ") or a .yaml file",
                id_or_file);
}

methodology find_methodology(const std::filesystem::path& dir, const std::string& id_or_file) {
    return load_methodology(locate_methodology(dir, id_or_file));
}

std::vector<methodology> load_methodology_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw error("footprint.io.read", source_location{dir.string(), 0, 0, {}, {}}, "methodology directory not found",
                    "a directory of methodology *.yaml files");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<methodology> out;
    std::vector<diagnostic> problems;
    for (const auto& f : files) {
        try {
            out.push_back(load_methodology(f));
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw error(problems);
    return out;
}

}  // namespace footprint
