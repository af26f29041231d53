// Guard rails of a statement run: see footprint/statement/statement_guard.hpp.

#include "footprint/statement/statement_guard.hpp"

#include <nlohmann/json.hpp>

#include "footprint/core/calendar.hpp"
#include "footprint/core/error.hpp"

namespace footprint {

void check_statement_period(const claim_request& r) {
    if (r.to_day < r.from_day)
        throw error("footprint.statement.period", source_location{r.origin, 0, 0, r.to_name, {}},
                    "the period ends before it starts",
                    r.to_name + " on or after " + r.from_name + " (" + format_iso_date(r.from_day) + ")",
                    format_iso_date(r.to_day));
}

std::vector<statement_document> keep_claimable(std::vector<statement_document> docs, const claim_request& r,
                                               std::vector<std::string>& skipped) {
    const source_location input{r.source_name, 0, 0, {}, {}};
    const std::string from = format_iso_date(r.from_day), to = format_iso_date(r.to_day);
    if (docs.empty())
        throw error("footprint.statement.no-customers", input,
                    "no customer has an accepted shipment in the input; nothing was written",
                    "shipments the methodology accepts (footprint compute lists why each row was rejected)");
    const bool all = !r.customer.has_value();
    std::vector<statement_document> kept;
    for (auto& d : docs) {
        const auto j = nlohmann::json::parse(d.json);
        const auto& rows = j.at("rows");
        if (!all && rows.at("customer_rows_in_file").get<std::uint64_t>() == 0)
            throw error("footprint.statement.unknown-customer", source_location{r.source_name, 0, 0, r.customer_name, {}},
                        "this customer has no accepted shipment in the input; nothing was written",
                        "a customer id of the input", *r.customer);
        if (rows.at("in_statement").get<std::uint64_t>() == 0 && !r.allow_empty) {
            if (!all)
                throw error("footprint.statement.empty-period", source_location{r.source_name, 0, 0, r.from_name, {}},
                            "customer " + d.customer + " has no shipment from " + from + " to " + to +
                                "; nothing was written",
                            r.allow_empty_name.empty()
                                ? std::string("a period with shipments")
                                : "a period with shipments, or " + r.allow_empty_name +
                                      " for a statement that says there are none",
                            from + " .. " + to);
            skipped.push_back(d.customer);
            continue;
        }
        kept.push_back(std::move(d));
    }
    if (kept.empty())
        throw error("footprint.statement.empty-period", source_location{r.source_name, 0, 0, r.from_name, {}},
                    "no customer has a shipment from " + from + " to " + to + "; nothing was written",
                    r.allow_empty_name.empty() ? std::string("a period with shipments")
                                               : "a period with shipments, or " + r.allow_empty_name,
                    from + " .. " + to);
    return kept;
}

}  // namespace footprint
