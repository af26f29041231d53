// Dumps what a bound plan folded and looked up, as JSON, for the pandas
// reference (pandas_reference.py): the fixed parameters and factors folded at
// binding (plan::constants), and every table entry a shipment can need
// (plan::evaluator::lookups) over every catalog product, every region of the
// factor set and the years asked for. Each value is in its display unit (the
// catalog's and factor set's own numbers); the reference does its own unit
// conversions and arithmetic, so it is a second, independent route to the
// same grams.
//
// Usage: footprint_plan_constants [--set=SET] [--methodology=ID@VERSION] [--years=2015-2030] [-o FILE]
// (the methodology defaults to bench_support.hpp's pinned reusable-packaging-reduction@2.0.0)

#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "bench_support.hpp"

namespace {

using namespace footprint;

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(c));
            out += esc;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

void write_values(std::ostream& o, const std::vector<resolved_value>& values) {
    o << "{";
    bool first = true;
    std::set<std::string> written;  // capacity(reusable_product) and capacity(baseline_product) share labels
    for (const auto& v : values) {
        if (!written.insert(v.label).second) continue;
        o << (first ? "\n    " : ",\n    ") << quoted(v.label) << ": {\"value\": " << v.value
          << ", \"unit\": " << quoted(v.unit) << ", \"kind\": " << quoted(v.kind);
        if (!v.factor_id.empty()) o << ", \"factor_id\": " << quoted(v.factor_id);
        o << "}";
        first = false;
    }
    o << "\n  }";
}

}  // namespace

int main(int argc, char** argv) {
    bench::data_paths paths;
    int first_year = 2015, last_year = 2030;
    std::string output;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--set=", 6) == 0) paths.set = argv[i] + 6;
        else if (std::strncmp(argv[i], "--methodology=", 14) == 0) paths.methodology = argv[i] + 14;
        else if (std::strncmp(argv[i], "--years=", 8) == 0) std::sscanf(argv[i] + 8, "%d-%d", &first_year, &last_year);
        else if (std::strcmp(argv[i], "-o") == 0 && i + 1 < argc) output = argv[++i];
        else {
            std::cerr << "usage: footprint_plan_constants [--set=SET] [--methodology=ID@VERSION] [--years=FIRST-LAST] [-o FILE]\n";
            return 2;
        }
    }
    try {
        bench::bound_plan b = bench::bind_bundled(paths);
        const plan& p = *b.compiled;
        std::vector<std::string> products, regions;
        for (const auto& [id, _] : b.products->products()) products.push_back(id);
        for (const auto& [id, _] : b.regions->all()) regions.push_back(id);
        std::vector<int> years;
        for (int y = first_year; y <= last_year; ++y) years.push_back(y);
        const std::size_t rows = std::max({products.size(), regions.size(), years.size()});

        // One batch whose dictionaries hold every product and region and whose
        // dates span the years: the evaluator resolves every table entry of that domain.
        const auto& inputs = p.inputs();
        std::vector<std::vector<double>> numbers(inputs.size());
        std::vector<std::vector<std::int32_t>> codes(inputs.size());
        std::vector<std::vector<std::string>> dicts(inputs.size());
        batch_input in;
        in.rows = rows;
        in.columns.resize(inputs.size());
        for (std::size_t c = 0; c < inputs.size(); ++c) {
            switch (inputs[c].type) {
                case parameter_type::number:
                case parameter_type::integer:
                case parameter_type::flag:
                    numbers[c].assign(rows, 1.0);
                    in.columns[c].numbers = numbers[c].data();
                    continue;
                case parameter_type::date:
                    for (std::size_t i = 0; i < rows; ++i)
                        codes[c].push_back(days_from_civil(years[i % years.size()], 7, 1));
                    break;
                case parameter_type::product: dicts[c] = products; break;
                case parameter_type::region: dicts[c] = regions; break;
                case parameter_type::text: dicts[c] = {"-"}; break;
            }
            if (codes[c].empty())
                for (std::size_t i = 0; i < rows; ++i) codes[c].push_back(static_cast<std::int32_t>(i % dicts[c].size()));
            in.columns[c].codes = codes[c].data();
            in.columns[c].dictionary = &dicts[c];
        }
        plan::evaluator ev(p);
        batch_output out;
        ev.run(in, out);

        std::ostringstream o;
        o.precision(17);
        const methodology& m = p.method();
        o << "{\n  \"methodology\": " << quoted(m.id) << ",\n  \"version\": " << quoted(m.version)
          << ",\n  \"digest\": " << quoted(m.digest) << ",\n  \"gwp\": " << quoted(p.options().gwp->name)
          << ",\n  \"years\": [" << first_year << ", " << last_year << "],\n  \"constants\": ";
        write_values(o, p.constants());
        o << ",\n  \"lookups\": ";
        write_values(o, ev.lookups());
        o << "\n}\n";
        if (output.empty()) {
            std::cout << o.str();
        } else {
            std::ofstream f(output, std::ios::binary);
            f << o.str();
            if (!f) throw std::runtime_error("cannot write " + output);
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
