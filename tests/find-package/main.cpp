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
    return fp.per_unit.grams > 0 ? 0 : 1;
}
