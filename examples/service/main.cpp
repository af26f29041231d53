// A service that links the installed footprint library, as the operator's
// tracking platform does: it binds the bundled methodology to the bundled
// factor set and catalog once, builds each customer's statement for the first
// quarter of 2021 from a shipments CSV, writes it (canonical JSON, HTML,
// Markdown, CSV), and then checks it the way an auditor's `footprint verify`
// does: rebuild it from the same inputs and compare it field by field. It
// also shows that an edited statement is caught by its digest.
//
// Usage: footprint_service DATA_DIR FACTOR_SET SHIPMENTS_CSV OUT_DIR
//   DATA_DIR      the installed data, PREFIX/share/footprint (factors/, methodologies/)
//   FACTOR_SET    PREFIX/share/footprint/factor-sets/footprint-default.sqlite
//   SHIPMENTS_CSV shipments in the methodology's columns (shipments.csv here)
//   OUT_DIR       where the statements are written
//
// Exit status 0 when every statement verifies, 1 otherwise.

#include <footprint/core/atomic_file.hpp>
#include <footprint/products/catalog.hpp>
#include <footprint/core/error.hpp>
#include <footprint/factors/factor_set.hpp>
#include <footprint/methodology/methodology.hpp>
#include <footprint/plan/inputs.hpp>
#include <footprint/plan/plan.hpp>
#include <footprint/ingest/shipments.hpp>
#include <footprint/statement/statement.hpp>
#include <footprint/render/statement_render.hpp>
#include <footprint/core/version.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace fs = std::filesystem;

namespace {

/// Everything bound once at start-up and shared by every request: the factor
/// set (it refuses to open unless its content matches its digest), the catalog
/// and the methodology, opened where the command and Python open them, and the
/// plan (units checked, every factor resolved with its fallback path, constants folded).
footprint::plan_inputs bind(const fs::path& data, const fs::path& factor_set_file) {
    footprint::input_request request;
    request.data = data;
    request.factor_set = factor_set_file;
    request.methodology = "reusable-packaging-reduction";
    return footprint::open_inputs(request);
}

/// Statements for `customer` (all customers when empty) in [from, to], read from `csv`.
std::vector<footprint::statement_document> statements(const footprint::plan_inputs& b, const fs::path& csv, const std::string& customer,
                                                      std::int32_t from, std::int32_t to) {
    footprint::shipment_reader::options options;
    options.keep_canonical = true;  // statements digest the canonical rows
    footprint::shipment_reader reader(footprint::csv_reader(csv.string()),
                                      footprint::shipment_schema::for_plan(*b.compiled), b.products, b.regions, options);
    footprint::statement_request request;
    if (!customer.empty()) request.customer = customer;
    request.from_day = from;
    request.to_day = to;
    request.source_name = csv.string();
    footprint::statement_context context;
    context.factor_sets = b.factor_set_infos();
    return footprint::build_statements(*b.compiled, reader, context, request);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: footprint_service DATA_DIR FACTOR_SET SHIPMENTS_CSV OUT_DIR\n";
        return 2;
    }
    const fs::path data = argv[1], factor_set_file = argv[2], shipments = argv[3], out = argv[4];
    try {
        const footprint::plan_inputs b = bind(data, factor_set_file);
        const footprint::factor_set_info& set = b.factor_sets.front().info();
        std::cout << "footprint " << footprint::version << ", methodology " << b.compiled->method().id << " "
                  << b.compiled->method().version << ", factor set " << set.name << " " << set.version << "\n";
        const std::int32_t from = footprint::days_from_civil(2021, 1, 1), to = footprint::days_from_civil(2021, 3, 31);
        fs::create_directories(out);
        bool all_ok = true;
        for (const auto& doc : statements(b, shipments, "", from, to)) {
            // 1. Store the statement of record and its renderings.
            const fs::path stem = out / doc.customer;
            footprint::write_file_atomically(stem.string() + ".json", doc.json);
            footprint::write_file_atomically(stem.string() + ".html", footprint::render_statement_html(doc.json, "en"));
            footprint::write_file_atomically(stem.string() + ".md", footprint::render_statement_markdown(doc.json, "en"));
            footprint::write_file_atomically(stem.string() + ".csv", footprint::render_statement_csv(doc.json));

            const auto j = nlohmann::json::parse(doc.json);
            std::cout << doc.customer << ": " << j["shipments"] << " shipments, ER " << j["totals_g"]["reduction"]
                      << " g CO2e, issuable " << j["issuable_t"] << " t; rows in " << j["rows"]["in_file"]
                      << " = accepted " << j["rows"]["accepted_in_file"] << " + rejected "
                      << j["rows"]["rejected_in_file"] << "\n";

            // 2. Verify as an auditor would: read what the statement says it covers,
            //    rebuild it from the same inputs, compare field by field.
            const footprint::statement_header h = footprint::read_statement_header(doc.json, stem.string() + ".json");
            const auto rebuilt = statements(b, shipments, h.customer, h.from_day, h.to_day);
            const footprint::verify_result r = footprint::compare_statements(doc.json, rebuilt.front().json);
            if (r.identical) {
                std::cout << "  verified: identical to the statement rebuilt from the inputs, digest "
                          << r.recorded_digest << "\n";
            } else {
                all_ok = false;
                std::cout << "  NOT verified: first difference at " << r.first_difference << " (statement "
                          << r.expected << ", rebuilt " << r.found << ")\n";
            }

            // 3. An edited statement (one gram more reduction) fails on its digest.
            auto edited = j;
            edited["totals_g"]["reduction"] = edited["totals_g"]["reduction"].get<std::int64_t>() + 1;
            const auto e = footprint::compare_statements(edited.dump(1), rebuilt.front().json);
            if (e.identical || e.digest_ok) {
                all_ok = false;
                std::cout << "  an edited statement was NOT caught\n";
            } else {
                std::cout << "  an edited statement is caught: its content hashes to " << e.computed_digest.substr(0, 16)
                          << "..., not " << e.recorded_digest.substr(0, 16) << "...; first difference at "
                          << e.first_difference << "\n";
            }
        }
        return all_ok ? 0 : 1;
    } catch (const footprint::error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
