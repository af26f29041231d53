// Deterministic sample shipments. See sample_data.hpp.

#include "footprint/ingest/sample_data.hpp"

#include <array>
#include <charconv>
#include <random>

#include "footprint/core/atomic_file.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/ingest/shipments.hpp"

namespace footprint {

namespace {

struct customer_profile {
    const char* id;
    const char* reusable;
    const char* baseline;
    int units_min, units_max;
    int loaded_min, loaded_max;  // km
    double washed_share;
    std::array<const char*, 3> depots;
    double share;  // of all shipments
};

// The operator's three published customer types, each in the packaging its published case
// uses (methodology 2.0.0 catalog). Units per shipment stay within one truck's load
// (per_vehicle.loaded of the product). Distances are ASSUMPTIONS (no public statistics of these
// customers' lanes were found), chosen as a logistics planner would draw these loops; each
// range is explained in docs/demo.md:
//  - chemicals: a producer in the Yangtze River Delta delivering bulk liquids to processors in
//    the same region, 50-450 km, the depot near the filler;
//  - new-energy auto parts: tier-1 suppliers feeding an assembly plant in the same cluster by
//    milk run, 20-250 km;
//  - appliances: component makers delivering to an appliance plant in the province or the next
//    one, 60-600 km.
constexpr customer_profile customers[] = {
    {"chem-jiangsu-01", "foldable-ibc-1000l-pool", "steel-drum-208l-sheet", 1, 22, 50, 450, 1.0,
     {"CN-Jiangsu", "CN-Zhejiang", "CN-Shanghai"}, 0.35},
    {"auto-parts-hubei-01", "euo-pallet-unit", "carton-pallet-load", 1, 66, 20, 250, 0.7,
     {"CN-Hubei", "CN-Guangdong", "CN-Jilin"}, 0.45},
    {"appliance-anhui-01", "foldable-pallet-box-pool", "appliance-carton-load", 1, 52, 60, 600, 0.5,
     {"CN-Anhui", "CN-Shandong", "CN-Guangdong"}, 0.20},
};

void append_number(std::string& out, double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
    out.append(buf, p);
}

}  // namespace

std::string sample_shipments_header() {
    return "shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance[km],"
           "return_distance[km],grid_region,washed";
}

std::vector<seeded_defect> write_sample_shipments(const std::filesystem::path& path, const sample_options& o) {
    std::mt19937_64 rng(o.seed);
    auto uniform = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1)); };
    auto unit_real = [&]() { return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); };
    const std::int32_t first_day = days_from_civil(o.first_year, static_cast<unsigned>(o.first_month), 1);
    int end_year = o.first_year + (o.first_month - 1 + o.months) / 12;
    int end_month = (o.first_month - 1 + o.months) % 12 + 1;
    const std::int32_t end_day = days_from_civil(end_year, static_cast<unsigned>(end_month), 1);  // exclusive
    const int span = end_day - first_day;

    // Defect rows: one of each kind, spread through the file.
    struct defect_kind {
        const char* id;
        const char* what;
    };
    static constexpr defect_kind kinds[] = {
        {"footprint.shipment.unknown-product", "baseline product not in the catalog"},
        {"footprint.shipment.negative", "negative return distance"},
        {"footprint.shipment.not-finite", "loaded distance 1e400"},
        {"footprint.shipment.not-a-number", "loaded distance written with its unit in the field"},
        {"footprint.shipment.out-of-range", "units above the declared range"},
        {"footprint.shipment.date", "31 February"},
        {"footprint.shipment.duplicate-id", "a shipment id used twice"},
        {"footprint.shipment.field-count", "a field missing"},
        {"footprint.csv.malformed", "invalid UTF-8"},
        {"footprint.shipment.unknown-region", "grid region not in the hierarchy"},
        {"footprint.shipment.not-an-integer", "fractional units"},
        {"footprint.shipment.missing-value", "empty customer id"},
    };
    std::vector<seeded_defect> seeded;
    std::vector<std::uint64_t> defect_rows;
    if (o.defects && o.rows > 2 * std::size(kinds)) {
        for (std::size_t k = 0; k < std::size(kinds); ++k)
            defect_rows.push_back((k + 1) * o.rows / (std::size(kinds) + 1));
    }

    atomic_file file(path);
    std::string buf = sample_shipments_header() + "\n";
    std::size_t next_defect = 0;
    std::string last_id;
    for (std::uint64_t i = 0; i < o.rows; ++i) {
        double pick = unit_real();
        const customer_profile* c = &customers[0];
        double acc = 0;
        for (const auto& cand : customers) {
            acc += cand.share;
            if (pick < acc) {
                c = &cand;
                break;
            }
            c = &cand;
        }
        std::int32_t day = first_day + uniform(0, span - 1);
        int units = uniform(c->units_min, c->units_max);
        double loaded = uniform(c->loaded_min * 10, c->loaded_max * 10) / 10.0;
        double ret = loaded * (0.6 + 0.6 * unit_real());  // the depot is often nearer than the filler
        ret = static_cast<double>(static_cast<long long>(ret * 10)) / 10.0;
        const char* depot = c->depots[static_cast<std::size_t>(uniform(0, 2))];
        int washed = unit_real() < c->washed_share ? 1 : 0;
        char idbuf[32];
        std::snprintf(idbuf, sizeof idbuf, "S%010llu", static_cast<unsigned long long>(i + 1));
        std::string id = idbuf;
        std::string customer = c->id, date = format_iso_date(day), units_text = std::to_string(units);
        std::string baseline = c->baseline, region = depot, loaded_text, ret_text;
        append_number(loaded_text, loaded);
        append_number(ret_text, ret);
        bool drop_field = false;
        std::string raw_suffix;
        const std::uint64_t line = i + 2;
        if (next_defect < defect_rows.size() && i == defect_rows[next_defect]) {
            const defect_kind& k = kinds[next_defect];
            switch (next_defect) {
                case 0: baseline = "wooden-crate"; break;
                case 1: ret_text = "-12.5"; break;
                case 2: loaded_text = "1e400"; break;
                case 3: loaded_text += " km"; break;
                case 4: units_text = "250000"; break;
                case 5: date = date.substr(0, 4) + "-02-31"; break;
                case 6: id = last_id; break;
                case 7: drop_field = true; break;
                case 8: customer = std::string(c->id) + "\xC3\x28"; break;  // invalid 2-byte sequence
                case 9: region = "CN-Atlantis"; break;
                case 10: units_text = "2.5"; break;
                case 11: customer = ""; break;
            }
            seeded.push_back({line, k.id, k.what});
            ++next_defect;
        }
        buf += id;
        buf += ',';
        buf += customer;
        buf += ',';
        buf += date;
        buf += ',';
        buf += units_text;
        buf += ',';
        buf += c->reusable;
        buf += ',';
        buf += baseline;
        buf += ',';
        buf += loaded_text;
        buf += ',';
        buf += ret_text;
        buf += ',';
        buf += region;
        if (!drop_field) {
            buf += ',';
            buf += washed ? '1' : '0';
        }
        // The last line ends without a line break, as files from some systems do.
        if (i + 1 < o.rows) buf += '\n';
        if (id != last_id) last_id = id;
        if (buf.size() > (1u << 20)) {
            file.write(buf);
            buf.clear();
        }
    }
    file.write(buf);
    file.commit();
    return seeded;
}

}  // namespace footprint
