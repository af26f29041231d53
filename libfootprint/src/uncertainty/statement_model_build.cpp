// From shipments to the linear model of one customer's statement (statement_model_build.hpp).

#include "footprint/uncertainty/statement_model_build.hpp"

#include "footprint/core/error.hpp"

namespace footprint::uncertainty {

measured_statement measure_statement_model(const plan& p, const shipment_opener& open, const statement_context& context,
                                           const claim_request& claim, unsigned threads,
                                           const statement_model_progress& progress) {
    if (!claim.customer)
        throw error("footprint.internal", source_location{claim.origin, 0, 0, claim.customer_name, {}},
                    "a statement model is of one customer", "a customer id");
    check_statement_period(claim);
    statement_request request;
    request.customer = claim.customer;
    request.from_day = claim.from_day;
    request.to_day = claim.to_day;
    request.source_name = claim.source_name;
    auto report = [&progress](const char* reading) -> std::function<void(const ingest_counts&)> {
        if (!progress) return {};
        return [&progress, reading](const ingest_counts& c) { progress(reading, c); };
    };
    measured_statement out;
    {
        request.progress = report("statement");
        shipment_reader reader = open(true);
        std::vector<std::string> skipped;
        auto docs = keep_claimable(build_statements(p, reader, context, request), claim, skipped);
        if (docs.size() != 1)
            throw error("footprint.internal", source_location{claim.source_name, 0, 0, *claim.customer, {}},
                        "the statement of one customer was not one statement", "one statement",
                        std::to_string(docs.size()));
        out.statement = std::move(docs.front());
    }
    const std::vector<std::string> used = factors_of_statement(out.statement.json);
    coefficient_pass pass;
    {
        request.progress = report("coefficients");
        shipment_reader reader = open(false);
        pass = measure_statement_coefficients(p, used, reader, request, threads);
    }
    out.model = statement_model_of(pass, *claim.customer, used, *p.options().factors);
    if (!(out.model.deterministic == totals_of_statement(out.statement.json)))
        throw error("footprint.internal", source_location{claim.source_name, 0, 0, *claim.customer, {}},
                    "the coefficient pass summed other rows than the statement",
                    "the statement's totals from the pass's own plan");
    return out;
}

}  // namespace footprint::uncertainty
