// `footprint factors`: build a factor set from the reviewed YAML, check its
// digest, list, show and search its factors, look one up with the fallback
// path, and diff two sets. Every reading command opens the bundled set unless
// --factors names another, and stacks --overlay sets on it.
//
// Names given on the command line (ids, activities, regions, search text) are
// matched in memory against the opened set; none of them ever reaches SQL.

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "footprint/factors/factor_diff.hpp"
#include "footprint/factors/factor_report.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/core/version.hpp"

namespace footprint::cli {

std::filesystem::path factor_set_options::base() const {
    return set.empty() ? default_factor_set_path() : std::filesystem::path(set);
}

void factor_set_options::add_to(CLI::App& app) {
    app.add_option("--factors", set,
                   "Factor set (.sqlite) to read (default: the bundled set, "
                   "<data>/factor-sets/footprint-default.sqlite)");
    app.add_option("--overlay", overlays,
                   "A factor set of your own stacked on the base; repeatable, a later one takes precedence");
}

factor_stack factor_set_options::load() const {
    return open_factor_stack(base(), std::vector<std::filesystem::path>(overlays.begin(), overlays.end()));
}

namespace {

/// The GWP set a command uses: --gwp when given, else the base set's default. Says which.
struct gwp_choice {
    const gwp_set* gwp;
    std::string chosen_by;
};

gwp_choice choose_gwp(const std::string& option, const factor_stack& s) {
    if (!option.empty()) return {find_gwp_set(option), "--gwp " + option};
    const factor_set& base = s.sets.front();
    return {&base.default_gwp(), "default of set " + base.info().name};
}

CLI::App* reading_command(CLI::App& parent, const char* name, const char* help, factor_set_options& sets,
                          std::string& gwp, bool& json) {
    CLI::App* cmd = parent.add_subcommand(name, help);
    sets.add_to(*cmd);
    cmd->add_option("--gwp", gwp, "GWP100 set for CO2e: AR6, AR5 or AR4 (default: the set's own default)")
        ->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    cmd->add_flag("--json", json, "JSON instead of text");
    return cmd;
}

}  // namespace

void register_factors(CLI::App& app, int& exit_code) {
    CLI::App* factors = app.add_subcommand("factors", "Emission-factor sets: build, check, list, show, search, lookup, diff");
    factors->require_subcommand(1);
    register_import_pact(*factors, exit_code);

    // ---- build ------------------------------------------------------------------
    {
        struct options {
            std::string dir, out, name = "footprint-default", version = footprint::version, gwp_default = "AR6";
        };
        auto o = std::make_shared<options>();
        CLI::App* cmd = factors->add_subcommand("build", "Build a factor set (SQLite) from a directory of factor YAML files");
        cmd->add_option("dir", o->dir, "Directory of reviewed factor files (*.yaml, with regions.yaml)")->required();
        cmd->add_option("-o,--output", o->out, "The set to write, e.g. footprint-default.sqlite")->required();
        cmd->add_option("--name", o->name, "The set's name")->capture_default_str();
        cmd->add_option("--version", o->version, "The set's version")->capture_default_str();
        cmd->add_option("--gwp-default", o->gwp_default, "GWP100 set used when a reader names none")
            ->check(CLI::IsMember({"AR4", "AR5", "AR6"}))
            ->capture_default_str();
        cmd->callback([o, &exit_code] {
            factor_set_info info = build_factor_set(o->dir, o->out, {o->name, o->version, o->gwp_default});
            std::cout << "built " << info.name << " " << info.version << " from " << info.created_from.size()
                      << " files in " << o->dir << "\n"
                      << "digest " << info.digest << "\n"
                      << "wrote  " << o->out << "\n";
            exit_code = exit_ok;
        });
    }

    // ---- check ------------------------------------------------------------------
    {
        struct options {
            std::string set;
            factor_set_options sets;
            bool canonical = false;
        };
        auto o = std::make_shared<options>();
        CLI::App* cmd = factors->add_subcommand(
            "check", "Open a set, verify its content against its digest, print its name, version and digest");
        cmd->add_option("set", o->set, "The set to check (default: --factors, else the bundled set)");
        cmd->add_option("--factors", o->sets.set, "Same as the positional SET");
        cmd->add_flag("--canonical", o->canonical,
                      "Print the canonical serialisation the digest is computed over (pipe it to sha256sum)");
        cmd->callback([o, &exit_code] {
            std::filesystem::path file = o->set.empty() ? o->sets.base() : std::filesystem::path(o->set);
            factor_set set = factor_set::open(file);
            if (o->canonical)
                std::cout << canonical_serialisation(set);
            else
                std::cout << render_set_info_text(set);
            exit_code = exit_ok;
        });
    }

    // ---- list -------------------------------------------------------------------
    {
        struct options {
            factor_set_options sets;
            std::string gwp, activity, region;
            bool json = false;
        };
        auto o = std::make_shared<options>();
        CLI::App* cmd = reading_command(*factors, "list", "List the factors of a set (with overlays)", o->sets, o->gwp,
                                        o->json);
        cmd->add_option("--activity", o->activity, "Only factors for this activity, e.g. electricity.grid");
        cmd->add_option("--region", o->region, "Only factors for this region, e.g. CN-East");
        cmd->callback([o, &exit_code] {
            factor_stack s = o->sets.load();
            gwp_choice g = choose_gwp(o->gwp, s);
            std::vector<const emission_factor*> chosen;
            for (const emission_factor* f : s.library.sorted_by_id())
                if ((o->activity.empty() || f->activity == o->activity) && (o->region.empty() || f->region == o->region))
                    chosen.push_back(f);
            factor_view v{s.library, *g.gwp, g.chosen_by};
            std::cout << (o->json ? render_factor_json(v, chosen, false) : render_factor_table(v, chosen));
            exit_code = exit_ok;
        });
    }

    // ---- show -------------------------------------------------------------------
    {
        struct options {
            factor_set_options sets;
            std::string gwp, id;
            bool json = false;
        };
        auto o = std::make_shared<options>();
        CLI::App* cmd = reading_command(*factors, "show", "Show one factor with every field and its source", o->sets,
                                        o->gwp, o->json);
        cmd->add_option("id", o->id, "Factor id, e.g. cn.grid.2022.national.mee-nbs")->required();
        cmd->callback([o, &exit_code] {
            factor_stack s = o->sets.load();
            gwp_choice g = choose_gwp(o->gwp, s);
            const emission_factor* f = s.library.find(o->id);
            if (f == nullptr) {
                std::string similar;
                for (const emission_factor* c : s.library.search(o->id))
                    similar += (similar.empty() ? "" : ", ") + c->id;
                throw error("footprint.factor.not-found", source_location{"<command line>", 0, 0, "id", {}},
                            "no factor with this id in " + s.sets.front().file().string(),
                            similar.empty() ? std::string("an id listed by `footprint factors list`")
                                            : "an id such as " + similar,
                            o->id);
            }
            factor_view v{s.library, *g.gwp, g.chosen_by};
            std::cout << (o->json ? render_factor_json(v, {f}, true) : render_factor_text(v, *f));
            exit_code = exit_ok;
        });
    }

    // ---- search -----------------------------------------------------------------
    {
        struct options {
            factor_set_options sets;
            std::string gwp, text;
            bool json = false;
        };
        auto o = std::make_shared<options>();
        CLI::App* cmd = reading_command(
            *factors, "search",
            "Factors whose id, name, activity, region, scope, source, table or notes contain TEXT (case-insensitive)",
            o->sets, o->gwp, o->json);
        cmd->add_option("text", o->text, "Text to look for, e.g. diesel")->required();
        cmd->callback([o, &exit_code] {
            factor_stack s = o->sets.load();
            gwp_choice g = choose_gwp(o->gwp, s);
            factor_view v{s.library, *g.gwp, g.chosen_by};
            auto found = s.library.search(o->text);
            std::cout << (o->json ? render_factor_json(v, found, false) : render_factor_table(v, found));
            exit_code = exit_ok;
        });
    }

    // ---- lookup -----------------------------------------------------------------
    {
        struct options {
            factor_set_options sets;
            std::string gwp;
            factor_query q;
            bool json = false;
        };
        auto o = std::make_shared<options>();
        o->q.region = "GLO";
        CLI::App* cmd = reading_command(*factors, "lookup",
                                        "Look a factor up by activity, region and year, with the fallback path",
                                        o->sets, o->gwp, o->json);
        cmd->add_option("activity", o->q.activity, "Activity, e.g. electricity.grid")->required();
        cmd->add_option("--region", o->q.region, "The finest region that applies, e.g. CN-Jiangsu")->capture_default_str();
        cmd->add_option("--year", o->q.year, "Year of the activity")->required();
        cmd->add_option("--scope", o->q.scope, "Restrict to one scope, e.g. wtw");
        cmd->callback([o, &exit_code] {
            factor_stack s = o->sets.load();
            gwp_choice g = choose_gwp(o->gwp, s);
            factor_match m = s.library.lookup(o->q, source_location{"<command line>", 0, 0, {}, {}});
            factor_view v{s.library, *g.gwp, g.chosen_by};
            std::cout << (o->json ? render_match_json(v, o->q, m) : render_match_text(v, o->q, m));
            exit_code = exit_ok;
        });
    }

    // ---- diff -------------------------------------------------------------------
    {
        struct options {
            std::string a, b;
            bool json = false;
        };
        auto o = std::make_shared<options>();
        CLI::App* cmd = factors->add_subcommand(
            "diff", "Factors (and sources, regions) added, removed and changed between set A and set B");
        cmd->add_option("a", o->a, "The earlier set")->required();
        cmd->add_option("b", o->b, "The later set")->required();
        cmd->add_flag("--json", o->json, "JSON instead of text");
        cmd->callback([o, &exit_code] {
            factor_set a = factor_set::open(o->a);
            factor_set b = factor_set::open(o->b);
            factor_diff d = diff_factors(a.library(), b.library());
            std::cout << (o->json ? render_diff_json(a, b, d) : render_diff_text(a, b, d));
            exit_code = exit_ok;
        });
    }
}

}  // namespace footprint::cli
