// Reading PACT JSON documents (see detail/pact_json.hpp).

#include "interchange/detail/pact_json.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace footprint {

std::optional<nlohmann::json> parse_pact_json(std::string_view text, const std::string& file, diagnostics& out) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // The byte offset nlohmann reports, as line and column (1-based).
        std::uint32_t line = 1, column = 1;
        const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        for (std::size_t i = 0; i < end; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string what = e.what();
        if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
        out.add("footprint.pact.json", source_location{file, line, column, {}, {}}, "not JSON: " + what,
                "a JSON document (RFC 8259)", {});
        return std::nullopt;
    }
}

std::vector<std::pair<std::string, const nlohmann::json*>> pact_footprints_in(const nlohmann::json& doc) {
    std::vector<std::pair<std::string, const nlohmann::json*>> out;
    if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.size(); ++i) out.emplace_back(fmt::format("/{}", i), &doc[i]);
    } else if (doc.is_object() && doc.contains("data") && doc["data"].is_array() && !doc.contains("pcf")) {
        const auto& data = doc["data"];
        for (std::size_t i = 0; i < data.size(); ++i) out.emplace_back(fmt::format("/data/{}", i), &data[i]);
    } else if (doc.is_object()) {
        out.emplace_back("", &doc);
    }
    return out;
}

}  // namespace footprint
