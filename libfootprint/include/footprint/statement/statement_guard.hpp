#pragma once
// Guard rails of a statement run (issue 15): a statement is a claim, and one
// that cannot be what its maker meant is refused before anything is written.
// The command and the Python API apply the same rules through these two
// functions, with the same error ids.
//
// - A period that ends before it starts: `footprint.statement.period`.
// - An input with no accepted shipment at all: `footprint.statement.no-customers`.
// - A named customer with no accepted shipment in the input (a mistyped id):
//   `footprint.statement.unknown-customer`.
// - A customer with no shipment in the period: `footprint.statement.empty-period`,
//   unless an empty statement was asked for (`allow_empty`); for all customers,
//   such customers are skipped and listed, and a run that leaves none is the error.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "footprint/statement/statement.hpp"

namespace footprint {

/// What a statement run was asked for, and how the caller names its arguments in messages.
struct claim_request {
    std::string source_name;              ///< the shipments input, as the user gave it
    std::optional<std::string> customer;  ///< one customer; all when empty
    std::int32_t from_day = 0;            ///< first day, inclusive (days since 1970-01-01)
    std::int32_t to_day = 0;              ///< last day, inclusive
    bool allow_empty = false;             ///< write a statement of a period without shipments, on purpose
    std::string origin = "<command line>";  ///< where the arguments come from
    /// How the caller names its arguments in messages; an empty `allow_empty_name`: the caller has no
    /// such option (`footprint uncertainty`), and the message offers none.
    std::string from_name = "--from", to_name = "--to", customer_name = "--customer", allow_empty_name = "--allow-empty";
};

/// Throws `footprint.statement.period` when the period ends before it starts.
void check_statement_period(const claim_request& request);

/// The statements worth writing, in order; the customers skipped for an empty
/// period (all customers only) are appended to `skipped`. Throws the ids above.
[[nodiscard]] std::vector<statement_document> keep_claimable(std::vector<statement_document> docs,
                                                             const claim_request& request,
                                                             std::vector<std::string>& skipped);

}  // namespace footprint
