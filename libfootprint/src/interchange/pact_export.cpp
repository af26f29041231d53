// A product footprint as a PACT 3.0 ProductFootprint. The mapping of each field
// is explained in docs/interchange.md; the document is checked against the
// specification's data model (pact_conformance.cpp) before it leaves.

#include "footprint/interchange/pact_export.hpp"

#include <cmath>
#include <ctime>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "footprint/core/digest.hpp"
#include "footprint/interchange/pact_conformance.hpp"
#include "footprint/products/cfp_report.hpp"

namespace footprint {
namespace {

using json = nlohmann::json;

/// The stages inside PACT's cradle-to-gate boundary.
constexpr life_cycle_stage gate_stages[] = {life_cycle_stage::raw_material, life_cycle_stage::production};

/// Carbon mass fraction of the polyolefins (PE, PP: (CH2)n), from the standard
/// atomic weights C 12.011 and H 1.008: 12.011 / (12.011 + 2 × 1.008) = 0.85627.
constexpr double polyolefin_carbon_fraction = 12.011 / (12.011 + 2 * 1.008);
const std::set<std::string> polyolefin_activities = {"material.pp", "material.hdpe", "material.ldpe"};

/// A decimal string with at most `places` decimals and no trailing zeros ("18.1", "0").
std::string decimal_text(double v, int places) {
    std::string s = fmt::format("{:.{}f}", v, places);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void check_options(const pact_export_options& o, diagnostics& out) {
    static const std::regex urn("^[uU][rR][nN]:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:\\S+$");
    static const std::regex date("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");
    static const std::regex percent("^\\d+(\\.\\d+)?$");
    auto where = [](const char* field) { return source_location{"<pact options>", 0, 0, field, {}}; };
    if (o.company_name.empty())
        out.add("footprint.pact.option", where("company_name"), "PACT names the data owner",
                "the company's name (--pact-company NAME)", "nothing");
    if (o.company_ids.empty())
        out.add("footprint.pact.option", where("company_ids"), "PACT identifies the data owner by URN",
                "at least one URN (--pact-company-id urn:...)", "nothing");
    for (const auto& id : o.company_ids)
        if (!std::regex_match(id, urn))
            out.add("footprint.pact.option", where("company_ids"), "not a URN (RFC 8141)",
                    "a URN such as urn:pact:acme.example:company-id:1", id);
    if (!o.created.empty() && !std::regex_match(o.created, date))
        out.add("footprint.pact.option", where("created"), "not an RFC 3339 date-time",
                "e.g. 2026-01-31T00:00:00Z", o.created);
    if (!o.exempted_percent.empty() &&
        (!std::regex_match(o.exempted_percent, percent) || std::stod(o.exempted_percent) > 100))
        out.add("footprint.pact.option", where("exempted_percent"), "not a percentage",
                "a decimal from 0 to 100, e.g. 1.5", o.exempted_percent);
}

void check_exempted(const pact_export_options& o, const packaging_product& p, diagnostics& out) {
    if (o.exempted_percent.empty() && !p.exclusions.empty()) {
        std::string what;
        for (const auto& e : p.exclusions) what += (what.empty() ? "" : "; ") + e.what;
        out.add("footprint.pact.exempted-unknown", source_location{p.where.file, 0, 0, "exclusions", {}},
                "the product's catalog excludes processes without quantifying them, so the share of "
                "emissions they leave out (PACT exemptedEmissionsPercent) is not known to footprint",
                "the data owner's estimate (--pact-exempted-percent P)", what);
    }
}

/// Sums over the items inside the gate, with the factors they used.
struct gate_totals {
    std::int64_t grams = 0, fossil = 0, biogenic = 0, primary = 0;
    double fossil_carbon_kg = 0;
    double dqr_weight = 0, tech = 0, geo = 0, temporal = 0;
    std::set<std::string> ar_sets;
    std::map<std::string, std::string> secondary_sources;  // name → version
    std::vector<std::string> processes;
};

gate_totals sum_gate(const footprint_result& r, const factor_library& lib) {
    gate_totals t;
    for (life_cycle_stage s : gate_stages) {
        const stage_result& st = r.stage(s);
        t.grams += st.grams;
        t.fossil += st.fossil_grams;
        t.biogenic += st.biogenic_grams;
        for (const item_result& it : st.items) {
            t.processes.push_back(fmt::format("{}: {} ({} {})", stage_title(s), it.name,
                                              decimal_text(it.quantity.value * it.share, 6), it.quantity.unit.text));
            const emission_factor* f = lib.find(it.factor_id);
            if (!f) continue;
            if (polyolefin_activities.count(f->activity) && it.quantity.unit.dim == dimensions::mass)
                t.fossil_carbon_kg += it.quantity.coherent() * it.share * polyolefin_carbon_fraction;
            const auto& q = f->quality;
            const double w = std::abs(static_cast<double>(it.grams));
            if (q.technological > 0 && q.geographical > 0 && q.temporal > 0) {
                t.dqr_weight += w;
                t.tech += w * q.technological;
                t.geo += w * q.geographical;
                t.temporal += w * q.temporal;
            }
            if (f->co2e_per_activity && std::regex_match(f->gwp_assumed, std::regex("^AR\\d+$")))
                t.ar_sets.insert(f->gwp_assumed);
            const bool primary = f->cited.source_id.rfind("pact.", 0) == 0;
            if (primary) {
                t.primary += it.grams;
            } else if (const source_record* src = lib.find_source(f->cited.source_id)) {
                t.secondary_sources[src->publisher + ": " + src->title] =
                    src->year > 0 ? std::to_string(src->year) : src->id;
            }
        }
    }
    return t;
}

std::string boundary_comment(const product_footprint& fp, const factor_library& lib, const cfp_options& o) {
    const packaging_product& p = *fp.product;
    const footprint_result& r = fp.per_unit;
    std::string sets;
    for (const auto& l : lib.layers())
        sets += (sets.empty() ? "" : ", ") + l.name + (l.digest.empty() ? "" : " (sha256 " + l.digest + ")");
    std::string c = fmt::format(
        "Computed by footprint from catalog product '{}' with factor set(s) {}, GWP100 {}, activity year {}, "
        "default region {}. The PCF is cradle to gate per piece: the raw material acquisition and production "
        "stages of ISO 14067. ",
        p.id, sets, o.gwp->name, o.year, o.region);
    c += fmt::format("Outside the PACT boundary and not included: distribution {} kg CO2e (reported as "
                     "outboundLogisticsGhgEmissions), use {} kg CO2e, end of life {} kg CO2e per piece. ",
                     format_kg(r.stage(life_cycle_stage::distribution).grams),
                     format_kg(r.stage(life_cycle_stage::use).grams),
                     format_kg(r.stage(life_cycle_stage::end_of_life).grams));
    if (p.reusable())
        c += fmt::format("Per trip (the unit's life shared over its design life of {} trips plus what each trip "
                         "adds) the footprint is {} kg CO2e, all stages. ",
                         p.design_life_trips.value_or(0), format_kg(fp.per_trip.grams));
    c += "Biogenic CO2 uptake is not modelled: pcfIncludingBiogenicUptake equals pcfExcludingBiogenicUptake. "
         "fossilCarbonContent counts the polyolefin items (PP, HDPE, LDPE; 85.63 % carbon by mass from (CH2)n); "
         "carbon in other materials is not counted.";
    return c;
}

json carbon_footprint(const product_footprint& fp, const factor_library& lib, const cfp_options& o,
                      const pact_export_options& pact) {
    const packaging_product& p = *fp.product;
    const gate_totals t = sum_gate(fp.per_unit, lib);
    json pcf;
    pcf["declaredUnitOfMeasurement"] = "piece";
    pcf["declaredUnitAmount"] = "1";
    pcf["productMassPerDeclaredUnit"] = decimal_text(p.tare_mass.coherent(), 6);
    pcf["referencePeriodStart"] = fmt::format("{:04}-01-01T00:00:00Z", o.year);
    pcf["referencePeriodEnd"] = fmt::format("{:04}-01-01T00:00:00Z", o.year + 1);
    if (std::regex_match(o.region, std::regex("^[A-Z]{2}$"))) pcf["geographyCountry"] = o.region;
    std::string processes;
    for (const auto& s : t.processes) processes += (processes.empty() ? "" : "; ") + s;
    pcf["boundaryProcessesDescription"] = processes;
    pcf["pcfExcludingBiogenicUptake"] = format_kg(t.grams);
    pcf["pcfIncludingBiogenicUptake"] = format_kg(t.grams);
    pcf["fossilGhgEmissions"] = format_kg(t.fossil);
    pcf["biogenicNonCO2Emissions"] = format_kg(t.biogenic);
    pcf["fossilCarbonContent"] = decimal_text(t.fossil_carbon_kg, 3);
    pcf["packagingEmissionsIncluded"] = false;
    if (!fp.per_unit.stage(life_cycle_stage::distribution).items.empty())
        pcf["outboundLogisticsGhgEmissions"] = format_kg(fp.per_unit.stage(life_cycle_stage::distribution).grams);
    pcf["ccsTechnologicalCO2CaptureIncluded"] = false;
    std::set<std::string> ar = t.ar_sets;
    ar.insert(std::string(o.gwp->name));
    pcf["ipccCharacterizationFactors"] = std::vector<std::string>(ar.begin(), ar.end());
    pcf["crossSectoralStandards"] = {"ISO14067"};
    pcf["exemptedEmissionsPercent"] = pact.exempted_percent.empty() ? "0" : pact.exempted_percent;
    if (!p.exclusions.empty()) {
        std::string d = "Excluded (percentage as stated by the data owner): ";
        for (std::size_t i = 0; i < p.exclusions.size(); ++i) d += (i ? "; " : "") + p.exclusions[i].what;
        pcf["exemptedEmissionsDescription"] = d;
    }
    if (!t.secondary_sources.empty()) {
        json sources = json::array();
        for (const auto& [name, version] : t.secondary_sources) sources.push_back({{"name", name}, {"version", version}});
        pcf["secondaryEmissionFactorSources"] = sources;
    }
    if (t.grams > 0) pcf["primaryDataShare"] = decimal_text(100.0 * t.primary / t.grams, 2);
    if (t.dqr_weight > 0)
        pcf["dqi"] = {{"technologicalDQR", decimal_text(t.tech / t.dqr_weight, 2)},
                      {"geographicalDQR", decimal_text(t.geo / t.dqr_weight, 2)},
                      {"temporalDQR", decimal_text(t.temporal / t.dqr_weight, 2)}};
    return pcf;
}

json product_footprint_json(const product_footprint& fp, const factor_library& lib, const cfp_options& o,
                            const pact_export_options& pact) {
    const packaging_product& p = *fp.product;
    diagnostics problems;
    check_exempted(pact, p, problems);
    problems.throw_if_any();
    json doc;
    doc["specVersion"] = std::string(pact_spec_version);
    doc["status"] = "Active";
    doc["companyName"] = pact.company_name;
    doc["companyIds"] = pact.company_ids;
    doc["productDescription"] =
        p.name + (p.reusable() ? fmt::format("; reusable packaging, design life {} trips", p.design_life_trips.value_or(0))
                               : std::string("; single-use packaging")) +
        "; functional unit: " + p.functional_unit;
    doc["productIds"] = {"urn:pact:footprint:product-id:" + p.id};
    doc["productNameCompany"] = p.name;
    doc["comment"] = boundary_comment(fp, lib, o);
    doc["pcf"] = carbon_footprint(fp, lib, o, pact);
    const std::string body = doc.dump();  // keys sorted: nlohmann::json keeps objects in a std::map
    doc["id"] = pact_footprint_id(body);
    doc["created"] = pact.created.empty() ? utc_now() : pact.created;
    return doc;
}

std::string checked(const json& doc) {
    std::string text = doc.dump(2) + "\n";
    diagnostics problems;
    check_pact_document(text, "<pact export>", problems);
    problems.throw_if_any();
    return text;
}

}  // namespace

std::string pact_footprint_id(std::string_view canonical_body) {
    // RFC 9562 5.5: SHA-1 over the namespace's 16 bytes and the name; version 5, variant 10.
    static constexpr unsigned char url_namespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                        0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    const std::string name = "urn:footprint:pact:" + sha256_hex(canonical_body);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
    EVP_DigestUpdate(ctx, url_namespace, sizeof url_namespace);
    EVP_DigestUpdate(ctx, name.data(), name.size());
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    md[6] = static_cast<unsigned char>((md[6] & 0x0f) | 0x50);
    md[8] = static_cast<unsigned char>((md[8] & 0x3f) | 0x80);
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += fmt::format("{:02x}", md[i]);
    }
    return out;
}

std::string render_pact_product_footprint(const product_footprint& fp, const factor_library& factors,
                                          const cfp_options& options, const pact_export_options& pact) {
    diagnostics problems;
    check_options(pact, problems);
    problems.throw_if_any();
    return checked(product_footprint_json(fp, factors, options, pact));
}

std::string render_pact_product_footprints(const std::vector<product_footprint>& fps, const factor_library& factors,
                                           const cfp_options& options, const pact_export_options& pact) {
    json all = json::array();
    diagnostics problems;
    check_options(pact, problems);
    problems.throw_if_any();
    for (const auto& fp : fps) {
        try {
            all.push_back(product_footprint_json(fp, factors, options, pact));
        } catch (const error& e) {
            for (const auto& d : e.problems()) problems.add(d);
        }
    }
    problems.throw_if_any();
    return checked(all);
}

}  // namespace footprint
