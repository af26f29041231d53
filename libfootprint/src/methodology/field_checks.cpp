// The per-value checks of a shipment row (field_checks.hpp): one rule, one
// error id and one message per kind of value, for CSV ingest, frames and
// plan::evaluate_row / explain.
#include "footprint/methodology/field_checks.hpp"

#include <cmath>
#include <system_error>

#include "footprint/core/calendar.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/products/catalog.hpp"

namespace footprint {
namespace {

/// A range limit as people write it: 100000, not 1e+05; no unit for plain numbers.
std::string limit_text(double v, const unit_spec& u) {
    std::string s = (v == std::floor(v) && std::fabs(v) < 1e15) ? std::to_string(static_cast<long long>(v)) : shortest_text(v);
    if (u.text != "1") s += " " + u.text;
    return s;
}

bool refuse(field_problem* p, const char* id, std::string message, std::string expected) {
    if (p) *p = field_problem{id, std::move(message), std::move(expected)};
    return false;
}

}  // namespace

std::string_view field_trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool field_is_numeric(parameter_type t) {
    return t == parameter_type::number || t == parameter_type::integer || t == parameter_type::flag;
}

bool field_is_categorical(parameter_type t) {
    return t == parameter_type::product || t == parameter_type::region || t == parameter_type::text;
}

bool field_missing_accepted(const field_rule& rule) { return !rule.required && field_is_numeric(rule.type); }

field_problem field_missing_problem(const field_rule& rule) {
    return {"footprint.shipment.missing-value", "no value", std::string(parameter_type_name(rule.type))};
}

namespace field_detail {

bool refuse_number_text(bool not_finite, const field_rule& rule, field_problem* p) {
    if (not_finite) return refuse(p, "footprint.shipment.not-finite", "number is not finite", "a finite number");
    return refuse(p, "footprint.shipment.not-a-number", "not a number",
                  "a number" + (rule.unit->text == "1" ? std::string() : " in " + rule.unit->text));
}

bool refuse_number(double x, double scale, const field_rule& rule, field_problem* p) {
    if (!std::isfinite(x)) return refuse(p, "footprint.shipment.not-finite", "number is not finite", "a finite number");
    if (rule.type == parameter_type::integer && x != std::floor(x))
        return refuse(p, "footprint.shipment.not-an-integer", "not a whole number", "an integer");
    const double declared = x * scale / rule.unit->to_coherent;
    // Numbers are never negative unless the methodology declares a negative minimum.
    const double lo = rule.minimum.value_or(0.0);
    if (declared < 0 && lo >= 0)
        return refuse(p, "footprint.shipment.negative", "negative value", "a value ≥ " + limit_text(lo, *rule.unit));
    if (declared < lo - 1e-12 * std::fabs(lo))
        return refuse(p, "footprint.shipment.out-of-range", "value below the allowed range",
                      "a value ≥ " + limit_text(lo, *rule.unit));
    return refuse(p, "footprint.shipment.out-of-range", "value above the allowed range",
                  "a value ≤ " + limit_text(*rule.maximum, *rule.unit));
}

bool refuse_flag(field_problem* p) {
    return refuse(p, "footprint.shipment.not-a-flag", "not a flag", "1 or 0 (true/false, yes/no)");
}

}  // namespace field_detail

bool field_read_date(std::string_view s, std::int32_t& days, field_problem* p) {
    const auto d = parse_iso_date(s);
    if (!d) return refuse(p, "footprint.shipment.date", "not a valid date", "an ISO 8601 date YYYY-MM-DD");
    if (!field_check_date(*d, p)) return false;
    days = *d;
    return true;
}

bool field_check_date(std::int32_t days, field_problem* p) {
    if (within_computable_years(days)) return true;
    return refuse(p, "footprint.shipment.date", "date outside the years footprint computes",
                  "a date from 1900-01-01 to 2100-12-31");
}

bool field_check_visible(std::string_view s, field_problem* p) {
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = b[i];
        if (c >= 0x20 && c < 0x7F) continue;  // printable ASCII: the usual case, one compare
        bool bad = c < 0x20 || c == 0x7F;
        if (!bad && i + 1 < n) {
            const unsigned char d = b[i + 1];
            if (c == 0xC2) bad = d <= 0x9F || d == 0xAD;  // C1 controls, soft hyphen
            else if (c == 0xD8) bad = d == 0x9C;          // U+061C arabic letter mark
            else if (c == 0xE2 && i + 2 < n && d == 0x80) bad = (b[i + 2] >= 0x8B && b[i + 2] <= 0x8F) || (b[i + 2] >= 0xAA && b[i + 2] <= 0xAE);
            else if (c == 0xE2 && i + 2 < n && d == 0x81) bad = (b[i + 2] >= 0xA0 && b[i + 2] <= 0xA4) || (b[i + 2] >= 0xA6 && b[i + 2] <= 0xA9);
            else if (c == 0xEF && i + 2 < n) bad = d == 0xBB && b[i + 2] == 0xBF;  // U+FEFF
        }
        if (bad)
            return refuse(p, "footprint.shipment.invisible-character",
                          "control or invisible character at byte " + std::to_string(i + 1),
                          "visible text: no control, zero-width or direction-control characters");
    }
    return true;
}

bool field_check_category(std::string_view s, const field_rule& rule, const catalog* products,
                          const region_tree* regions, field_problem* p) {
    if (rule.type == parameter_type::text && !field_check_visible(s, p)) return false;
    if (rule.type == parameter_type::product && products && !products->find(std::string(s))) {
        if (!p) return false;
        std::string known;
        for (const auto& [pid, _] : products->products()) known += (known.empty() ? "" : ", ") + pid;
        return refuse(p, "footprint.shipment.unknown-product", "unknown product id", "a catalog product: " + known);
    }
    if (rule.type == parameter_type::text && rule.values && !rule.values->empty()) {
        for (const auto& v : *rule.values)
            if (v == s) return true;
        if (!p) return false;
        std::string known;
        for (const auto& v : *rule.values) known += (known.empty() ? "" : ", ") + v;
        return refuse(p, "footprint.shipment.unknown-value", "value not declared by the methodology",
                      "one of: " + known);
    }
    if (rule.type == parameter_type::region && regions && !regions->contains(std::string(s)))
        return refuse(p, "footprint.shipment.unknown-region", "unknown region",
                      "a region of factors/regions.yaml (e.g. CN, CN-East, CN-Jiangsu)");
    return true;
}

}  // namespace footprint
