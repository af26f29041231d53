// Loads the installed factors and catalog and prints one product's total.
#include <footprint/footprint.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    std::filesystem::path data = argv[1];
    auto factors = footprint::load_factor_directory(data / "factors");
    auto catalog = footprint::load_catalog_directory(data / "methodologies" / "catalog", &factors);
    const auto* drum = catalog.find("steel-drum-208l");
    if (drum == nullptr) return 1;
    auto fp = footprint::compute_product_footprint(*drum, factors, {});
    std::cout << "footprint " << footprint::version << ": " << drum->id << " "
              << footprint::format_kg(fp.per_unit.grams) << " kg CO2e\n";
    // Links the statement workbook, and with it libxlsxwriter, which the
    // installed config must find (pkg-config): a text that is no statement is refused.
    try {
        (void)footprint::render_statement_xlsx("{}");
        return 1;
    } catch (const footprint::error& e) {
        std::cout << "statement workbook: refused a non-statement [" << e.id() << "]\n";
    }
    return fp.per_unit.grams > 0 ? 0 : 1;
}
