// Format 2: each customer's rows, and only those, into an input of its own
// (detail/statement_input.hpp), so that a customer's statement says nothing
// about other customers and verifies with that customer's rows alone.

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "statement/detail/statement_input.hpp"

namespace footprint::detail::statements {

namespace {

/// Engines kept at once: each customer's rows in the period are computed by an
/// engine of its own, so that its look-ups are that customer's; beyond this
/// many customers the engines' look-ups are collected and the engines dropped,
/// which bounds memory (an engine keeps a batch's registers) for any number of
/// customers.
constexpr std::size_t max_engines = 16;

/// Rows `rows` of `batch`, moved into `part` (the batch is not read again).
void select_rows(shipment_batch& batch, const std::vector<std::size_t>& rows, shipment_batch& part) {
    part.clear();
    part.rows = rows.size();
    part.numbers.resize(batch.numbers.size());
    part.codes.resize(batch.codes.size());
    for (std::size_t c = 0; c < batch.numbers.size(); ++c)
        if (batch.numbers[c].size() == batch.rows)
            for (std::size_t i : rows) part.numbers[c].push_back(batch.numbers[c][i]);
    for (std::size_t c = 0; c < batch.codes.size(); ++c)
        if (batch.codes[c].size() == batch.rows)
            for (std::size_t i : rows) part.codes[c].push_back(batch.codes[c][i]);
    for (std::size_t i : rows) {
        part.shipment_ids.push_back(std::move(batch.shipment_ids[i]));
        part.lines.push_back(batch.lines[i]);
        if (batch.canonical.size() == batch.rows) part.canonical.push_back(std::move(batch.canonical[i]));
    }
}

/// A categorical column as one customer's rows have it: the values they use,
/// in the order they first appear, and the reader's code of each.
struct local_dictionary {
    std::vector<std::string> values;
    std::unordered_map<std::int32_t, std::int32_t> of_code;  // reader's code → local code
    std::vector<std::int32_t> codes;                         // the part's rows, in local codes
};

/// The engine that computes one customer's shipments in the period. The plan
/// resolves a look-up table over every value of a key column's dictionary (and
/// every year of the batch), so this engine sees dictionaries of the values
/// the customer's rows use, not the file's: its look-ups are made for this
/// customer's products, regions and years only.
struct scoped_engine {
    engine eng;
    std::vector<local_dictionary> dicts;  // per plan input; used for the categorical ones

    /// The plan's view of `part` with every categorical column in local codes.
    batch_input view(const shipment_reader& reader, const shipment_batch& part) {
        batch_input in = reader.plan_view(part);
        dicts.resize(in.columns.size());
        for (std::size_t k = 0; k < in.columns.size(); ++k) {
            column_view& c = in.columns[k];
            if (c.dictionary == nullptr || c.codes == nullptr) continue;
            local_dictionary& d = dicts[k];
            d.codes.resize(in.rows);
            for (std::size_t i = 0; i < in.rows; ++i) {
                auto [it, added] = d.of_code.emplace(c.codes[i], static_cast<std::int32_t>(d.values.size()));
                if (added) d.values.push_back((*c.dictionary)[static_cast<std::size_t>(c.codes[i])]);
                d.codes[i] = it->second;
            }
            c.codes = d.codes.data();
            c.dictionary = &d.values;
        }
        return in;
    }
};

/// The look-ups each customer's engines made, by label (an engine dropped
/// and made again starts with no look-ups: the union is the customer's).
struct customer_engines {
    const plan& p;
    std::map<std::string, scoped_engine> engines;
    std::map<std::string, std::map<std::string, resolved_value>> lookups;

    scoped_engine& of(const std::string& customer) {
        auto it = engines.find(customer);
        if (it != engines.end()) return it->second;
        if (engines.size() >= max_engines) collect();
        return engines.emplace(customer, scoped_engine{engine(p), {}}).first->second;
    }
    void collect() {
        for (auto& [customer, e] : engines)
            for (auto& v : e.eng.lookups()) lookups[customer].emplace(v.label, std::move(v));
        engines.clear();
    }
};

struct reading {
    const shipment_reader& reader;
    const statement_request& request;
    std::vector<int> product_columns;
    std::map<std::string, statement_input> inputs;
    std::vector<rejected_row> held;  // every rejected row, until it is known whether its customer has a statement
};

/// A row rejected when it was read: its customer's, when the customer field could be read.
void add_read_reject(reading& r, rejected_row& row) {
    if (!row.customer_id.empty()) {
        if (r.request.customer && row.customer_id != *r.request.customer) return;  // another customer's
        statement_input& in = r.inputs[row.customer_id];
        ++in.rows_in;
        in.rejected_records.push_back(row.raw + "\x1f" + row.problem.id);
    }
    r.held.push_back(std::move(row));
}

/// Computes one customer's rows of a batch (`part`): in the period with the
/// customer's engine (`scoped`), else with `others`. Adds them to that
/// customer's input: accepted rows to its sums, rows the plan rejected (with
/// their canonical row: issue 14, an edit of such a row must change the
/// statement) to its rejected rows.
void add_part(reading& r, scoped_engine* scoped, engine& others, const shipment_batch& part,
              const std::string& customer) {
    engine& eng = scoped ? scoped->eng : others;
    const batch_output& out = eng.run(scoped ? scoped->view(r.reader, part) : r.reader.plan_view(part));
    statement_input& in = r.inputs[customer];
    for (std::size_t i = 0; i < part.rows; ++i) {
        ++in.rows_in;
        if (out.problem[i] != 0) {
            in.rejected_records.push_back(part.canonical[i] + "\x1f" + "footprint.plan.row");
            rejected_row row;
            row.line = part.lines[i];
            row.shipment_id = part.shipment_ids[i];
            row.customer_id = customer;
            row.problem = plan_row_rejection(source_location{r.reader.source_name(), static_cast<std::uint32_t>(row.line),
                                                             0, {}, row.shipment_id},
                                             eng.problems()[out.problem[i] - 1]);
            r.held.push_back(std::move(row));
            continue;
        }
        ++in.accepted;
        add_row(in.per_customer[customer], out, i, r.reader, part, r.product_columns, r.request);
    }
}

/// One batch: its rows grouped by customer (in the period: the customer's
/// engine; outside it: `others`, whose look-ups are not recorded).
void add_batch(reading& r, shipment_batch& batch, customer_engines& engines, engine& others) {
    if (batch.canonical.size() != batch.rows)
        throw error("footprint.internal", {}, "statement input read without canonical rows",
                    "a shipment_reader with keep_canonical");
    const auto& customers = r.reader.dictionary(column_customer_id);
    std::map<std::int32_t, std::vector<std::size_t>> in_period, outside;
    for (std::size_t i = 0; i < batch.rows; ++i) {
        const std::int32_t code = batch.codes[column_customer_id][i];
        if (r.request.customer && customers[static_cast<std::size_t>(code)] != *r.request.customer) continue;
        const std::int32_t day = batch.codes[column_date][i];
        (day < r.request.from_day || day > r.request.to_day ? outside : in_period)[code].push_back(i);
    }
    shipment_batch part;
    for (auto* groups : {&in_period, &outside})
        for (const auto& [code, rows] : *groups) {
            const std::string& customer = customers[static_cast<std::size_t>(code)];
            select_rows(batch, rows, part);
            add_part(r, groups == &in_period ? &engines.of(customer) : nullptr, others, part, customer);
        }
}

}  // namespace

std::map<std::string, statement_input> read_customer_inputs(const plan& p, shipment_reader& reader,
                                                           const statement_request& request,
                                                           std::vector<rejected_row>& unattributed) {
    reading r{reader, request, product_columns_of(reader), {}, {}};
    customer_engines engines{p, {}, {}};
    engine others(p);
    shipment_batch batch;
    std::vector<rejected_row> rejects;
    while (reader.next(batch, rejects)) {
        for (auto& row : rejects) add_read_reject(r, row);
        rejects.clear();
        add_batch(r, batch, engines, others);
        if (request.progress) request.progress(reader.counts());
    }
    for (auto& row : rejects) add_read_reject(r, row);  // rows rejected after the last batch
    engines.collect();
    for (auto& [customer, looked_up] : engines.lookups)
        for (auto& [label, v] : looked_up) r.inputs[customer].lookups.push_back(std::move(v));
    if (request.customer) r.inputs[*request.customer].per_customer[*request.customer];  // says there is nothing to state
    // A customer with rejected rows but no accepted one gets no statement: its rows join the unattributed.
    for (auto it = r.inputs.begin(); it != r.inputs.end();) {
        if (it->second.per_customer.empty()) it = r.inputs.erase(it);
        else ++it;
    }
    for (auto& row : r.held)
        if (row.customer_id.empty() || r.inputs.find(row.customer_id) == r.inputs.end())
            unattributed.push_back(std::move(row));
    return std::move(r.inputs);
}

}  // namespace footprint::detail::statements
