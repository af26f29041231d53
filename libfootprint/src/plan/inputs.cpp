// The inputs of a plan, opened in one place. See inputs.hpp.

#include "footprint/plan/inputs.hpp"

#include "footprint/core/data_paths.hpp"

namespace footprint {

input_paths resolve_input_paths(const input_request& request) {
    input_paths p;
    p.data = request.data.empty() ? default_data_dir() : request.data;
    p.factor_sources = p.data / "factors";
    p.methodologies = p.data / "methodologies";
    p.catalog = request.catalog.empty() ? p.methodologies / "catalog" : request.catalog;
    p.factor_set = request.factor_set.empty() ? default_factor_set_path() : request.factor_set;
    p.overlays = request.overlays;
    return p;
}

factor_stack open_factor_stack(const std::filesystem::path& base, const std::vector<std::filesystem::path>& overlays) {
    factor_stack s;
    s.sets.push_back(factor_set::open(base));
    for (const auto& o : overlays) s.sets.push_back(factor_set::open(o));
    std::vector<const factor_set*> tops;
    for (std::size_t i = 1; i < s.sets.size(); ++i) tops.push_back(&s.sets[i]);
    s.library = stack_factor_sets(s.sets.front(), tops);
    return s;
}

std::vector<factor_set_info> plan_inputs::factor_set_infos() const {
    std::vector<factor_set_info> out;
    for (const auto& s : factor_sets) out.push_back(s.info());
    return out;
}

plan_inputs open_inputs_unbound(const input_request& request) {
    plan_inputs in;
    in.paths = resolve_input_paths(request);
    factor_stack stack = open_factor_stack(in.paths.factor_set, in.paths.overlays);
    in.factor_sets = std::move(stack.sets);
    auto factors = std::make_shared<const factor_library>(std::move(stack.library));
    in.regions = std::make_shared<const region_tree>(factors->regions());
    in.products = std::make_shared<const catalog>(load_catalog_directory(in.paths.catalog, factors.get()));
    in.factors = std::move(factors);
    in.method = find_methodology(in.paths.methodologies, request.methodology);
    return in;
}

void bind_plan(plan_inputs& in, const std::string& gwp, const std::map<std::string, double>& overrides,
               const std::string& origin) {
    const gwp_set* g = gwp.empty() ? &in.factor_sets.front().default_gwp() : find_gwp_set(gwp);
    if (g == nullptr)
        throw error("footprint.plan.options", source_location{origin, 0, 0, "gwp", {}}, "unknown GWP set",
                    "AR4, AR5 or AR6", gwp);
    in.compiled = std::make_shared<const plan>(plan::bind(in.method, plan_options{in.factors, in.products, g, overrides}));
}

plan_inputs open_inputs(const input_request& request) {
    plan_inputs in = open_inputs_unbound(request);
    bind_plan(in, request.gwp, request.overrides, request.origin);
    return in;
}

}  // namespace footprint
