// "Did you mean" and `footprint help`: see usage.hpp.

#include "usage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

namespace footprint::cli {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // d[i][j]: distance between the first i bytes of a and the first j of b.
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::size_t limit = std::max<std::size_t>(2, typed.size() / 3);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t dist = edit_distance(typed, c);
        if (dist < best_distance) {
            best_distance = dist;
            best = c;
        }
    }
    return best;
}

namespace {

/// The named sub-commands of `app` (option groups have no name).
std::vector<CLI::App*> commands_of(CLI::App* app) {
    return app->get_subcommands([](CLI::App* sub) { return !sub->get_name().empty(); });
}

std::vector<std::string> command_names(CLI::App* app) {
    std::vector<std::string> names;
    for (CLI::App* sub : commands_of(app)) names.push_back(sub->get_name());
    return names;
}

std::vector<std::string> option_names(CLI::App* app) {
    std::vector<std::string> names;
    for (const CLI::Option* o : app->get_options()) {
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
        for (const auto& s : o->get_snames()) names.push_back("-" + s);
    }
    return names;
}

/// "footprint: unknown command statment; did you mean statement?" and where to look.
void report_unknown(const std::string& path, const char* what, const std::string& typed,
                    const std::vector<std::string>& candidates, const std::string& help_path) {
    const auto guess = nearest(typed, candidates);
    std::cerr << fmt::format("{}: unknown {} {}{}\n", path, what, typed,
                             guess ? "; did you mean " + *guess + "?" : std::string());
    std::cerr << fmt::format("Run `{}` for the {}s.\n", help_path, what == std::string("option") ? "option" : "command");
}

std::string help_command(const std::vector<std::string>& names) {
    std::string s = "footprint help";
    for (const auto& n : names) s += " " + n;
    return s;
}

}  // namespace

int report_parse_error(CLI::App& app, const CLI::ParseError& e) {
    if (e.get_exit_code() != static_cast<int>(CLI::ExitCodes::Success)) {
        // The commands CLI11 entered, outermost first, and what each could not place.
        std::vector<CLI::App*> chain{&app};
        std::vector<std::string> names;
        while (!chain.back()->get_subcommands().empty()) {
            chain.push_back(chain.back()->get_subcommands().front());
            names.push_back(chain.back()->get_name());
        }
        for (std::size_t k = chain.size(); k-- > 0;) {
            for (const std::string& arg : chain[k]->remaining(false)) {
                if (arg.size() < 2 || arg[0] != '-' || arg == "--") continue;
                const std::vector<std::string> path(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(k));
                std::string where = "footprint";
                for (const auto& n : path) where += " " + n;
                report_unknown(where, "option", arg.substr(0, arg.find('=')), option_names(chain[k]), help_command(path));
                return exit_usage;
            }
        }
        // A word where a command was expected: the innermost command that has sub-commands.
        CLI::App* last = chain.back();
        const auto extra = last->remaining(false);
        if (!extra.empty() && !commands_of(last).empty()) {
            std::string where = "footprint";
            for (const auto& n : names) where += " " + n;
            report_unknown(where, "command", extra.front(), command_names(last), help_command(names));
            return exit_usage;
        }
    }
    // --help and --version exit 0; any other usage error exits 2.
    return app.exit(e) == 0 ? 0 : exit_usage;
}

void register_help(CLI::App& app, int& exit_code) {
    auto names = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand("help", "The usage of footprint, or of a command: footprint help COMMAND [SUBCOMMAND]");
    cmd->add_option("command", *names, "A command, and a sub-command of it");
    cmd->callback([&app, names, &exit_code] {
        CLI::App* target = &app;
        std::string path = "footprint";
        std::vector<std::string> walked;
        for (const auto& n : *names) {
            CLI::App* sub = nullptr;
            for (CLI::App* c : commands_of(target))
                if (c->check_name(n)) sub = c;
            if (sub == nullptr) {
                report_unknown(path, "command", n, command_names(target), help_command(walked));
                exit_code = exit_usage;
                return;
            }
            target = sub;
            path += " " + n;
            walked.push_back(n);
        }
        std::cout << target->get_formatter()->make_help(target, path, CLI::AppFormatMode::Normal);
        exit_code = 0;
    });
}

}  // namespace footprint::cli
