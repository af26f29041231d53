// Fuzz target: the methodology expression language. Parses the input
// (expr::parse), checks that its canonical form parses back to itself, then
// puts it as one more equation into the bundled reusable-packaging-reduction
// methodology (load_methodology_yaml) and binds it to the bundled factors and
// catalog (plan::bind); what binds is evaluated on a few rows.
// seeds: the expressions of methodologies/*.yaml

#include "footprint/methodology/expression.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

namespace {

const std::string& methodology_text() {
    static const std::string text = [] {
        std::ifstream in(FOOTPRINT_SOURCE_DIR "/methodologies/reusable-packaging-reduction.yaml", std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }();
    return text;
}

// The expression as a double-quoted YAML scalar.
std::string yaml_quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::as_text(data, size);
    diagnostics out;
    expr::node_ptr n = expr::parse(text, source_location{"fuzz.yaml", 3, 11, "equations[0].expr", {}}, out);
    fuzz::check_diagnostics(out);
    if (!n) return 0;  // binding needs a parsed expression; a syntax error is all there is to check
    {
        const std::string canonical = expr::to_string(*n);
        diagnostics again;
        expr::node_ptr m = expr::parse(canonical, source_location{}, again);
        bool limited = false;
        for (const auto& d : again)
            limited |= d.id == "footprint.expr.too-long" || d.id == "footprint.expr.too-deep";
        if (!m && !limited)
            fuzz::finding("the canonical form does not parse: '" + canonical + "' (from '" + text + "'): " +
                          again.items().front().str());
        if (m && expr::to_string(*m) != canonical)
            fuzz::finding("the canonical form is not stable: '" + canonical + "' -> '" + expr::to_string(*m) + "'");
    }

    // Bind it as one more project component of the bundled methodology.
    std::string yaml = methodology_text();
    const auto at = yaml.find("\nrounding:");
    if (at == std::string::npos) fuzz::finding("the methodology template has no rounding: section");
    yaml.insert(at + 1, "  - name: FUZZ\n    term: PE\n    stage: use\n    credit: true\n    expr: " + yaml_quoted(text) + "\n");
    const auto& b = fuzz::bundled_data();
    fuzz::run_checked([&] {
        methodology meth = load_methodology_yaml(yaml, "fuzz.yaml");
        plan p = plan::bind(meth, plan_options{b.factors, b.products, &gwp_ar6, {}});
        (void)p.derivation();
        fuzz::evaluate_sample_rows(p);
    });
    return 0;
}
