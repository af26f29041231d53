// Plans in text: numbers and values in their display units, citations, and
// the canonical text of a bound node (what derivation() and explain print).

#include <sstream>

#include "plan/detail/plan_impl.hpp"

namespace footprint::detail {

std::string format_number(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

std::string display(double coherent, const value_type& t) {
    if (t.k == vkind::boolean) return coherent != 0 ? "true" : "false";
    if (t.k != vkind::number) return format_number(coherent);
    if (t.dim == dimensions::none) return format_number(coherent);
    if (auto u = preferred_unit(t.dim, t.dim.emission ? emission_kind::co2e : emission_kind::none))
        return format_number(coherent / u->to_coherent) + " " + u->symbol;
    return format_number(coherent) + " (" + dimension_name(t.dim) + ", coherent SI)";
}

std::string citation_text(const citation& c) {
    if (c.is_assumption()) return "assumption: " + c.assumption + (c.reason.empty() ? "" : " (" + c.reason + ")");
    return c.source_id + (c.table.empty() ? "" : ", " + c.table);
}

std::string bound_to_string(const plan_impl& p, int n, int depth) {
    const bnode& b = p.nodes[static_cast<std::size_t>(n)];
    if (depth > 0 && !b.label.empty() && p.equation_nodes.count(b.label)) return b.label;
    auto k = [&](std::size_t i) { return bound_to_string(p, b.kids[i], depth + 1); };
    switch (b.o) {
        case op::constant:
            if (b.type.k == vkind::text) return "\"" + b.label + "\"";
            return display(b.value, b.type);
        case op::column: return b.label;
        case op::year_of: return b.label;
        case op::table: return b.label;
        default: break;
    }
    // Every other operation prints by its form in the table of operations.
    const printed_form f = form(b.o);
    const int n_args = arity(b.o);
    std::string text(f.before);
    text += k(0);
    if (n_args > 1) text += std::string(f.first) + k(1);
    if (n_args > 2) text += std::string(f.second) + k(2);
    text += f.after;
    return text;
}

std::string source_text(const factor_library* lib, const std::string& source_id, const std::string& table) {
    const source_record* src = lib ? lib->find_source(source_id) : nullptr;
    std::string text = source_id;
    if (src) {
        text += ": " + src->publisher + ", \"" + src->title + "\"";
        if (src->year != 0) text += ", " + std::to_string(src->year);
    }
    if (!table.empty()) text += "; table: " + table;
    if (src && !src->url.empty()) text += "; " + src->url;
    return text;
}

std::string chain_text(const factor_library* lib, const resolved_value& v, const std::string& indent) {
    std::string out;
    for (const auto& l : v.chain) {
        out += indent + "from ";
        for (const std::string* part : {&l.product, &l.stage, &l.item})
            if (!part->empty()) out += *part + " → ";
        out += "factor " + l.factor_id + " (set " + (l.factor_set.empty() ? std::string("factor files") : l.factor_set) +
               ", GWP " + l.gwp + ")\n";
        out += indent + "    source: " + source_text(lib, l.source_id, l.table) + "\n";
        if (l.fallback_path != v.fallback_path)
            for (const auto& step : l.fallback_path) out += indent + "    look-up: " + step + "\n";
    }
    return out;
}

}  // namespace footprint::detail
