// The closed unit registry: symbol table and parser. See unit_registry.hpp.

#include "footprint/quantities/unit_registry.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace footprint {
namespace {

struct symbol_entry {
    std::string_view symbol;
    dimension dim;
    double to_coherent;
};

// Every symbol a data file may use. Energy is stored in joules, volume in m3,
// freight work in kg·m; tkm is 1000 kg × 1000 m.
constexpr symbol_entry symbols[] = {
    {"1", dimensions::none, 1.0},
    {"%", dimensions::none, 0.01},
    {"g", dimensions::mass, 1e-3},
    {"kg", dimensions::mass, 1.0},
    {"t", dimensions::mass, 1e3},
    {"Gg", dimensions::mass, 1e6},
    {"Mt", dimensions::mass, 1e9},
    {"J", dimensions::energy, 1.0},
    {"kJ", dimensions::energy, 1e3},
    {"MJ", dimensions::energy, 1e6},
    {"GJ", dimensions::energy, 1e9},
    {"TJ", dimensions::energy, 1e12},
    {"Wh", dimensions::energy, 3.6e3},
    {"kWh", dimensions::energy, 3.6e6},
    {"MWh", dimensions::energy, 3.6e9},
    {"GWh", dimensions::energy, 3.6e12},
    {"m", dimensions::length, 1.0},
    {"km", dimensions::length, 1e3},
    {"L", dimensions::volume, 1e-3},
    {"l", dimensions::volume, 1e-3},
    {"m3", dimensions::volume, 1.0},
    {"tkm", dimensions::freight_work, 1e6},
    {"unit", dimensions::count, 1.0},
    {"units", dimensions::count, 1.0},
    {"trip", dimensions::count, 1.0},
    {"trips", dimensions::count, 1.0},
};

constexpr std::string_view mass_symbols[] = {"g", "kg", "t", "Gg", "Mt"};

const symbol_entry* find_symbol(std::string_view s) {
    for (const auto& e : symbols)
        if (e.symbol == s) return &e;
    return nullptr;
}

bool is_mass_symbol(std::string_view s) {
    for (auto m : mass_symbols)
        if (m == s) return true;
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

constexpr std::string_view known_symbols_text =
    "1 (dimensionless), %, g, kg, t, Gg, Mt, J, kJ, MJ, GJ, TJ, Wh, kWh, MWh, GWh, m, km, L, m3, tkm, unit, trip; "
    "an emission is a mass followed by CO2e or a gas (CO2, CH4, CH4-fossil, CH4-non-fossil, N2O, SF6, "
    "HFC-134a, CF4), e.g. 'kg CO2e/kWh'";

struct token {
    std::string_view text;
    bool divide;  // follows a '/'
};

}  // namespace

std::string dimension_name(dimension d) {
    using namespace dimensions;
    if (d == none) return "dimensionless";
    if (d == mass) return "mass";
    if (d == length) return "length";
    if (d == volume) return "volume";
    if (d == energy) return "energy";
    if (d == freight_work) return "freight work (mass × length)";
    if (d == emission) return "emission mass";
    if (d == count) return "count";
    if (d.emission == 1) {
        dimension rest = d / emission;
        return "emission per " + dimension_name(rest.inverse());
    }
    std::string out;
    auto part = [&](const char* name, int e) {
        if (e == 0) return;
        if (!out.empty()) out += "·";
        out += name;
        if (e != 1) {
            out += '^';  // two appends: `"^" + std::to_string(e)` trips GCC 12's -Wrestrict (GCC bug 105651)
            out += std::to_string(e);
        }
    };
    part("mass", d.mass);
    part("length", d.length);
    part("time", d.time);
    part("emission", d.emission);
    part("count", d.count);
    return out;
}

std::string unit_spec::dimension_name() const {
    std::string base = footprint::dimension_name(dim);
    if (emission == emission_kind::co2e) {
        auto pos = base.find("emission");
        if (pos != std::string::npos) base.replace(pos, 8, "CO2e");
    } else if (emission == emission_kind::gas) {
        auto pos = base.find("emission mass");
        if (pos != std::string::npos)
            base.replace(pos, 13, std::string("mass of ") + std::string(gas_name(gas)));
        else if ((pos = base.find("emission")) != std::string::npos)
            base.replace(pos, 8, std::string(gas_name(gas)));
    }
    return base;
}

std::optional<display_unit> preferred_unit(dimension d, emission_kind e, gas_id gas) {
    struct entry {
        dimension dim;
        const char* symbol;
        double to_coherent;
    };
    static constexpr entry table[] = {
        {dimensions::mass, "kg", 1.0},           {dimensions::length, "km", 1e3},
        {dimensions::volume, "m3", 1.0},         {dimensions::energy, "kWh", 3.6e6},
        {dimensions::freight_work, "tkm", 1e6},  {dimensions::count, "unit", 1.0},
        {dimensions::none, "", 1.0},
    };
    if (d == dimensions::mass / dimensions::volume) return display_unit{"kg/m3", 1.0};
    if (d.emission == 0) {
        for (const auto& t : table)
            if (t.dim == d) return display_unit{t.symbol, t.to_coherent};
        return std::nullopt;
    }
    if (d.emission != 1) return std::nullopt;
    std::string what = e == emission_kind::gas ? std::string(gas_name(gas)) : std::string("CO2e");
    dimension per = (d / dimensions::emission).inverse();
    if (per == dimensions::none) return display_unit{"kg " + what, 1.0};
    for (const auto& t : table)
        if (t.dim == per && t.dim != dimensions::none)
            return display_unit{"kg " + what + "/" + t.symbol, 1.0 / t.to_coherent};
    return std::nullopt;
}

std::optional<unit_spec> parse_unit(std::string_view text, const source_location& where,
                                    diagnostics& out) {
    std::string_view s = trim(text);
    unit_spec spec;
    spec.text = std::string(s);
    if (s.empty()) {
        out.add("footprint.unit.syntax", where, "empty unit", "a unit such as kg, kWh or kg CO2e/kWh",
                std::string(text));
        return std::nullopt;
    }

    // Tokens: symbols separated by spaces, '*' or '·'; '/' starts the denominator.
    std::vector<token> tokens;
    bool divide = false;
    int slashes = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '*') { ++i; continue; }
        if (s.compare(i, 2, "\xC2\xB7") == 0) { i += 2; continue; }  // '·'
        if (c == '/') {
            if (++slashes > 1 || tokens.empty()) {
                out.add("footprint.unit.syntax", where, "a unit may have one '/' after its numerator",
                        "NUMERATOR/DENOMINATOR, e.g. kg CO2e/kWh", spec.text);
                return std::nullopt;
            }
            divide = true;
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '*' && s[j] != '/' &&
               s.compare(j, 2, "\xC2\xB7") != 0)
            ++j;
        tokens.push_back({s.substr(i, j - i), divide});
        i = j;
    }
    if (divide && (tokens.empty() || !tokens.back().divide)) {
        out.add("footprint.unit.syntax", where, "nothing after '/'",
                "NUMERATOR/DENOMINATOR, e.g. kg CO2e/kWh", spec.text);
        return std::nullopt;
    }

    bool have_emission = false;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const token& tk = tokens[k];
        const symbol_entry* e = find_symbol(tk.text);
        if (e == nullptr) {
            bool is_gas = tk.text == "CO2e" || parse_gas(tk.text).has_value();
            std::string msg = is_gas ? "a gas name must follow a mass unit, as in 'kg " + std::string(tk.text) + "'"
                                     : "unknown unit symbol '" + std::string(tk.text) + "'";
            out.add(is_gas ? "footprint.unit.syntax" : "footprint.unit.unknown", where, msg,
                    std::string(known_symbols_text), spec.text);
            return std::nullopt;
        }
        dimension d = e->dim;
        double f = e->to_coherent;
        // A mass followed by CO2e or a gas name is an emission mass.
        if (is_mass_symbol(tk.text) && k + 1 < tokens.size() && tokens[k + 1].divide == tk.divide) {
            std::string_view next = tokens[k + 1].text;
            std::optional<gas_id> g = parse_gas(next);
            if (next == "CO2e" || g) {
                if (have_emission || tk.divide) {
                    out.add("footprint.unit.syntax", where,
                            "an emission mass may appear once, in the numerator",
                            "e.g. kg CO2e/kWh or t CO2/MWh", spec.text);
                    return std::nullopt;
                }
                have_emission = true;
                d = dimensions::emission;
                spec.emission = g ? emission_kind::gas : emission_kind::co2e;
                if (g) spec.gas = *g;
                ++k;
            }
        }
        if (tk.divide) {
            spec.dim = spec.dim / d;
            spec.to_coherent /= f;
        } else {
            spec.dim = spec.dim * d;
            spec.to_coherent *= f;
        }
        // Checked at every symbol, so that the exponents (signed char) never wrap.
        for (int e : {spec.dim.mass, spec.dim.length, spec.dim.time, spec.dim.emission, spec.dim.count}) {
            if (e > max_unit_power || e < -max_unit_power) {
                out.add("footprint.unit.syntax", where,
                        "a unit may raise a dimension to at most the power " + std::to_string(max_unit_power),
                        "a unit such as kg, kWh or kg CO2e/kWh", spec.text);
                return std::nullopt;
            }
        }
    }
    if (!std::isfinite(spec.to_coherent) || spec.to_coherent <= 0) {
        out.add("footprint.unit.syntax", where, "the unit's scale is out of range",
                "a unit such as kg, kWh or kg CO2e/kWh", spec.text);
        return std::nullopt;
    }
    return spec;
}

unit_spec parse_unit(std::string_view text, const source_location& where) {
    diagnostics ds;
    auto u = parse_unit(text, where, ds);
    ds.throw_if_any();
    return *u;
}

std::optional<measured> parse_measured(std::string_view text, const source_location& where,
                                       diagnostics& out) {
    std::string_view s = trim(text);
    const char* first = s.data();
    const char* last = s.data() + s.size();
    double v = 0;
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range) {
        out.add("footprint.quantity.not-finite", where, "number out of range",
                "a finite number followed by a unit, e.g. '18.1 kg'", std::string(text));
        return std::nullopt;
    }
    if (ec != std::errc() || ptr == first) {
        out.add("footprint.quantity.syntax", where, "not a quantity",
                "a number followed by a unit, e.g. '18.1 kg'", std::string(text));
        return std::nullopt;
    }
    if (!std::isfinite(v)) {
        out.add("footprint.quantity.not-finite", where, "value is not finite",
                "a finite number followed by a unit, e.g. '18.1 kg'", std::string(text));
        return std::nullopt;
    }
    std::string_view rest = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
    if (rest.empty()) {
        out.add("footprint.quantity.syntax", where, "quantity has no unit",
                "a number followed by a unit, e.g. '18.1 kg'", std::string(text));
        return std::nullopt;
    }
    auto u = parse_unit(rest, where, out);
    if (!u) return std::nullopt;
    if (!std::isfinite(v * u->to_coherent)) {
        out.add("footprint.quantity.not-finite", where, "value is out of range once converted to coherent units",
                "a finite number followed by a unit, e.g. '18.1 kg'", std::string(text));
        return std::nullopt;
    }
    return measured{v, std::move(*u)};
}

bool require_dimension(const unit_spec& u, dimension expected, std::string_view expected_text,
                       const source_location& where, diagnostics& out) {
    if (u.dim == expected) return true;
    out.add("footprint.unit.dimension", where,
            "unit '" + u.text + "' is " + u.dimension_name() + ", not " + dimension_name(expected),
            std::string(expected_text), u.text);
    return false;
}

}  // namespace footprint
