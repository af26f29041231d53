// Loading emission factors, sources and regions from the reviewed YAML files
// in factors/. Every problem in every file is collected before failing.

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "factors/detail/uncertainty_yaml.hpp"
#include "quantities/detail/sources_yaml.hpp"
#include "quantities/detail/yaml_reader.hpp"
#include "footprint/factors/factor_library.hpp"

namespace footprint {
namespace detail {

std::optional<std::string> read_text_file(const std::string& path, diagnostics& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        out.add("footprint.io.read", source_location{path, 0, 0, {}, {}}, "cannot open file",
                "a readable file");
        return std::nullopt;
    }
    // Read in blocks and stop past the limit: a huge file is refused, not loaded.
    std::string text;
    char block[1 << 16];
    while (in.read(block, sizeof block) || in.gcount() > 0) {
        text.append(block, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_yaml_bytes) {
            std::error_code ec;
            auto size = std::filesystem::file_size(path, ec);
            yaml_reader::add_too_large(out, path, ec ? text.size() : static_cast<std::size_t>(size));
            return std::nullopt;
        }
    }
    return text;
}

}  // namespace detail

namespace {

using detail::yaml_reader;

constexpr const char* scopes[] = {"cradle-to-gate", "cradle-to-grave", "gate-to-gate", "combustion", "wtt",
                                  "ttw", "wtw", "end-of-life", "supply", "treatment"};

/// A factor and the texts its numbers were written as.
struct read_result {
    emission_factor factor;
    written_numbers written;
};

/// The text of a scalar number as written in the file (yaml-cpp keeps it).
std::string written_text(const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

/// `scope:` must be one of the scopes above.
void check_scope(yaml_reader& r, const YAML::Node& n, const std::string& path, const std::optional<std::string>& scope) {
    if (scope && std::find_if(std::begin(scopes), std::end(scopes), [&](const char* s) { return *scope == s; }) ==
                     std::end(scopes)) {
        std::string list;
        for (const char* s : scopes) list += (list.empty() ? "" : ", ") + std::string(s);
        r.out().add("footprint.factor.scope", r.at(n["scope"], yaml_reader::join(path, "scope")), "unknown scope",
                    "one of: " + list, *scope);
    }
}

/// The parsed `activity_unit:` and `unit:` (each unset when absent or refused).
struct factor_units {
    std::optional<unit_spec> activity;
    std::optional<unit_spec> unit;
};

/// `activity_unit:` and `unit:`, and whether the unit is an emission per
/// activity unit: (a) CO2e or (b) one gas per activity unit, or with
/// `gases:` (c) a plain mass per activity unit, the gases named there.
factor_units read_units(yaml_reader& r, const YAML::Node& n, const std::string& path,
                        const std::optional<std::string>& activity_unit, const std::optional<std::string>& unit,
                        bool has_gases, emission_factor& f) {
    diagnostics& out = r.out();
    std::optional<unit_spec> au, u;
    if (activity_unit) au = parse_unit(*activity_unit, r.at(n["activity_unit"], yaml_reader::join(path, "activity_unit")), out);
    if (unit) u = parse_unit(*unit, r.at(n["unit"], yaml_reader::join(path, "unit")), out);
    if (au && au->dim.emission != 0) {
        out.add("footprint.unit.dimension", r.at(n["activity_unit"], yaml_reader::join(path, "activity_unit")),
                "an activity unit cannot be an emission", "an activity unit such as kg, kWh, tkm, m3",
                au->text);
        au.reset();
    }
    if (au && u) {
        f.activity_unit = *au;
        f.unit = *u;
        // The unit must be (emission)/(activity): emission^1 in the form (a)/(b),
        // a plain mass in form (c) (gas masses given in `gases`).
        dimension expected_form_c = dimensions::mass / au->dim;
        dimension expected_form_ab = dimensions::emission / au->dim;
        auto unit_loc = r.at(n["unit"], yaml_reader::join(path, "unit"));
        if (has_gases) {
            if (u->dim != expected_form_c)
                out.add("footprint.unit.dimension", unit_loc,
                        "with `gases`, unit must be a mass of gas per " + au->text,
                        "e.g. kg/" + au->text, u->text);
        } else if (u->dim != expected_form_ab || u->emission == emission_kind::none) {
            out.add("footprint.unit.dimension", unit_loc,
                    "unit '" + u->text + "' is " + u->dimension_name() + ", not an emission per " + au->text,
                    "an emission per " + au->text + ", e.g. kg CO2e/" + au->text + " or t CO2/" + au->text,
                    u->text);
        }
    }
    return factor_units{std::move(au), std::move(u)};
}

/// Form (c): `gases:` maps each gas to its mass per activity unit, in `unit`;
/// `value:` may not be given too.
void read_gases(yaml_reader& r, const YAML::Node& n, const std::string& path, const YAML::Node& gases,
                const std::optional<unit_spec>& u, emission_factor& f, written_numbers& w) {
    diagnostics& out = r.out();
    if (n["value"].IsDefined())
        out.add("footprint.factor.value-and-gases", r.at(n["value"], yaml_reader::join(path, "value")),
                "give either value or gases, not both", "one of the two");
    if (!gases.IsMap()) {
        out.add("footprint.yaml.type", r.at(gases, yaml_reader::join(path, "gases")), "expected a mapping",
                "{CO2: 74100, CH4: 3, N2O: 0.6}");
        return;
    }
    std::set<std::string> seen;
    for (const auto& kv : gases) {
        auto gname = kv.first.as<std::string>("");
        std::string gfield = yaml_reader::join(path, "gases." + gname);
        auto g = parse_gas(gname);
        if (!g) {
            out.add("footprint.factor.unknown-gas", r.at(kv.first, gfield), "unknown gas",
                    "CO2, CH4, CH4-fossil, CH4-non-fossil, N2O, SF6, HFC-134a or CF4", gname);
            continue;
        }
        if (!seen.insert(gname).second) {
            out.add("footprint.factor.duplicate-gas", r.at(kv.first, gfield), "gas given twice",
                    "each gas at most once", gname);
            continue;
        }
        auto v = r.number_node(kv.second, gfield, 0.0);
        if (v && u) {
            f.gases.push_back(gas_amount{*g, *v * u->to_coherent, *v});
            w.gases.push_back(written_text(kv.second));
        }
    }
}

/// Forms (a) and (b): one `value:` in `unit`, CO2e or a single gas.
void read_value(yaml_reader& r, const YAML::Node& n, const std::string& path, const factor_units& units,
                emission_factor& f, written_numbers& w) {
    auto value = r.number(n, "value", path, true, 0.0);
    const auto& u = units.unit;
    if (value && u && units.activity) {
        f.value = *value;
        w.value = written_text(n["value"]);
        if (u->emission == emission_kind::co2e) {
            f.co2e_per_activity = *value * u->to_coherent;
        } else if (u->emission == emission_kind::gas) {
            f.gases.push_back(gas_amount{u->gas, *value * u->to_coherent, *value});
            w.gases.push_back(w.value);
        }
    }
}

/// `gwp:`, optional: the GWP set the publisher assumed (AR4, AR5 or AR6).
void read_gwp(yaml_reader& r, const YAML::Node& n, const std::string& path, emission_factor& f) {
    if (auto gwp = r.string(n, "gwp", path, false)) {
        if (find_gwp_set(*gwp) == nullptr)
            r.out().add("footprint.factor.gwp", r.at(n["gwp"], yaml_reader::join(path, "gwp")), "unknown GWP set",
                        "AR4, AR5 or AR6", *gwp);
        else
            f.gwp_assumed = *gwp;
    }
}

/// `years: [first, last]`, required, in 1900–2100, first ≤ last.
void read_years(yaml_reader& r, const YAML::Node& n, const std::string& path, emission_factor& f) {
    YAML::Node years = n["years"];
    if (!years.IsDefined()) {
        r.missing(n, "years", path, "[first, last]");
    } else if (!years.IsSequence() || years.size() != 2) {
        r.out().add("footprint.yaml.type", r.at(years, yaml_reader::join(path, "years")), "years must be a pair",
                    "[first, last], e.g. [2022, 2022]", yaml_reader::scalar_text(years));
    } else {
        auto y0 = r.integer_node(years[0], yaml_reader::join(path, "years[0]"), 1900, 2100);
        auto y1 = r.integer_node(years[1], yaml_reader::join(path, "years[1]"), 1900, 2100);
        if (y0 && y1) {
            if (*y1 < *y0)
                r.out().add("footprint.factor.years", r.at(years, yaml_reader::join(path, "years")),
                            "last year before first year", "[first, last] with first ≤ last",
                            std::to_string(*y0) + ", " + std::to_string(*y1));
            f.year_first = *y0;
            f.year_last = *y1;
        }
    }
}

/// `quality:`, optional: the data-quality scores, each 1–5.
void read_quality(yaml_reader& r, const YAML::Node& n, const std::string& path, emission_factor& f) {
    YAML::Node q = n["quality"];
    if (!q.IsDefined()) return;
    std::string qp = yaml_reader::join(path, "quality");
    if (r.require_map(q, qp)) {
        r.only_keys(q, qp, {"technological", "geographical", "temporal"});
        f.quality.technological = r.integer(q, "technological", qp, false, 1, 5).value_or(0);
        f.quality.geographical = r.integer(q, "geographical", qp, false, 1, 5).value_or(0);
        f.quality.temporal = r.integer(q, "temporal", qp, false, 1, 5).value_or(0);
    }
}

/// `uncertainty:`, optional: a distribution with `range: [low, high]` or
/// `low`/`high`/`sd`; the numbers are kept as written too.
void read_uncertainty(yaml_reader& r, const YAML::Node& n, const std::string& path, emission_factor& f,
                      written_numbers& w) {
    YAML::Node un = n["uncertainty"];
    if (!un.IsDefined()) return;
    detail::uncertainty_texts texts;
    auto s = detail::read_uncertainty_spec(r, un, yaml_reader::join(path, "uncertainty"), texts);
    if (!s) return;
    w.uncertainty_low = texts.low;
    w.uncertainty_high = texts.high;
    w.uncertainty_sd = texts.sd;
    f.uncertainty = *s;
}

/// One factor of a file's `factors:` list; nothing when any of its fields is
/// refused (every problem is still reported). The sections are read in the
/// order their problems are listed.
std::optional<read_result> read_factor(yaml_reader& r, const YAML::Node& n, const std::string& path) {
    if (!r.require_map(n, path)) return std::nullopt;
    r.only_keys(n, path,
                {"id", "name", "activity", "activity_unit", "value", "unit", "gases", "gwp", "scope", "fossil",
                 "region", "years", "source", "table", "quality", "uncertainty", "notes"});
    diagnostics& out = r.out();
    std::size_t before = out.size();
    emission_factor f;
    written_numbers w;
    f.where = r.at(n, path);
    auto id = r.string(n, "id", path);
    auto name = r.string(n, "name", path);
    auto activity = r.string(n, "activity", path);
    auto activity_unit = r.string(n, "activity_unit", path);
    auto unit = r.string(n, "unit", path);
    auto scope = r.string(n, "scope", path);
    auto region = r.string(n, "region", path);
    auto source = r.string(n, "source", path);
    f.id = id.value_or("");
    f.name = name.value_or("");
    f.activity = activity.value_or("");
    f.scope = scope.value_or("");
    f.region = region.value_or("");
    f.cited.source_id = source.value_or("");
    f.cited.table = r.string(n, "table", path, false).value_or("");
    f.notes = r.string(n, "notes", path, false).value_or("");
    if (auto fossil = r.boolean(n, "fossil", path)) f.fossil = *fossil;
    check_scope(r, n, path, scope);

    YAML::Node gases = n["gases"];
    bool has_gases = gases.IsDefined() && !gases.IsNull();
    const factor_units units = read_units(r, n, path, activity_unit, unit, has_gases, f);
    if (has_gases) read_gases(r, n, path, gases, units.unit, f, w);
    else read_value(r, n, path, units, f, w);

    read_gwp(r, n, path, f);
    read_years(r, n, path, f);
    read_quality(r, n, path, f);
    read_uncertainty(r, n, path, f, w);
    if (out.size() != before) return std::nullopt;
    return read_result{std::move(f), std::move(w)};
}

void read_regions(yaml_reader& r, const YAML::Node& list, factor_library& lib) {
    if (!list.IsSequence()) {
        r.out().add("footprint.yaml.type", r.at(list, "regions"), "expected a list of regions",
                    "- {id: CN, name: China, parent: GLO}");
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string p = yaml_reader::index("regions", i);
        const YAML::Node& n = list[i];
        if (!r.require_map(n, p)) continue;
        r.only_keys(n, p, {"id", "name", "parent", "notes", "source"});
        auto id = r.string(n, "id", p);
        auto name = r.string(n, "name", p);
        auto parent = r.string(n, "parent", p);
        auto source = r.string(n, "source", p, false);
        if (id && name && parent) {
            if (lib.regions().contains(*id) && *id != "GLO")
                r.out().add("footprint.region.duplicate-id", r.at(n, p), "region '" + *id + "' is defined twice",
                            "a unique id", *id);
            lib.add_region(region{*id, *name, *parent, r.at(n, p), source.value_or("")});
        }
    }
}

void read_file(const std::string& name, const std::string& text, factor_library& lib,
               std::set<std::string>& source_ids, diagnostics& out) {
    yaml_reader r(name, out);
    auto doc = r.parse(text);
    if (!doc) return;
    if (doc->IsNull()) return;  // an empty file contributes nothing
    if (!r.require_map(*doc, "")) return;
    r.only_keys(*doc, "", {"sources", "factors", "regions", "notes"});
    if (YAML::Node regions = (*doc)["regions"]; regions.IsDefined()) read_regions(r, regions, lib);
    for (auto& s : detail::read_sources(r, *doc, "", detail::source_year::required, source_ids))
        lib.add_source(std::move(s));
    if (YAML::Node factors = (*doc)["factors"]; factors.IsDefined()) {
        if (!factors.IsSequence()) {
            out.add("footprint.yaml.type", r.at(factors, "factors"), "expected a list", "- id: ...");
        } else {
            for (std::size_t i = 0; i < factors.size(); ++i)
                if (auto f = read_factor(r, factors[i], yaml_reader::index("factors", i)))
                    lib.add_factor(std::move(f->factor), std::move(f->written));
        }
    }
}

}  // namespace

factor_library load_factor_files(const std::vector<std::filesystem::path>& files) {
    factor_library lib;
    diagnostics out;
    std::set<std::string> source_ids;
    for (const auto& path : files) {
        auto text = detail::read_text_file(path.string(), out);
        if (text) read_file(path.string(), *text, lib, source_ids, out);
    }
    lib.validate(out);
    out.throw_if_any();
    return lib;
}

factor_library load_factor_texts(const std::vector<named_text>& texts) {
    factor_library lib;
    diagnostics out;
    std::set<std::string> source_ids;
    for (const auto& t : texts) read_file(t.name, t.text, lib, source_ids, out);
    lib.validate(out);
    out.throw_if_any();
    return lib;
}

std::vector<std::filesystem::path> factor_directory_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw error("footprint.io.read", source_location{dir.string(), 0, 0, {}, {}},
                    "factor directory not found", "a directory of *.yaml factor files");
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    // regions.yaml first so that the hierarchy is known; the rest by name.
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        bool ra = a.filename() == "regions.yaml", rb = b.filename() == "regions.yaml";
        if (ra != rb) return ra;
        return a.filename().string() < b.filename().string();
    });
    return files;
}

factor_library load_factor_directory(const std::filesystem::path& dir) {
    factor_library lib = load_factor_files(factor_directory_files(dir));
    lib.describe_base(factor_layer{dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string(),
                                   "", "", dir.string()});
    return lib;
}

factor_library load_factor_yaml(const std::string& yaml, const std::string& name) {
    factor_library lib;
    diagnostics out;
    std::set<std::string> source_ids;
    read_file(name, yaml, lib, source_ids, out);
    lib.validate(out);
    out.throw_if_any();
    return lib;
}

}  // namespace footprint
