// Building, digesting and comparing statements. See statement.hpp.

#include "footprint/statement/statement.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <nlohmann/json.hpp>

#include "footprint/core/checked_sum.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/limits.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/version.hpp"
#include "statement/detail/statement_input.hpp"

namespace footprint {

namespace {

using json = nlohmann::json;  // std::map underneath: keys come out sorted
using namespace detail::statements;

/// One slice's sums as the statement writes them.
json sums_json(const sums& s) {
    return json{{"baseline_g", s.baseline}, {"project_g", s.project}, {"leakage_g", s.leakage},
                {"reduction_g", s.reduction}, {"shipments", s.shipments}};
}

std::string month_of(std::int32_t day) { return format_iso_date(day).substr(0, 7); }

json resolved_json(const resolved_value& v) {
    json j{{"label", v.label}, {"kind", v.kind}, {"value", shortest_text(v.value)}, {"unit", v.unit},
           {"source", v.source}};
    if (!v.factor_id.empty()) j["factor_id"] = v.factor_id;
    if (!v.fallback_path.empty()) j["fallback_path"] = v.fallback_path;
    return j;
}

// ---- provenance to the primary factors (format 2) ------------------------------

/// A value's chain down to its primary factors: product, stage and item where a
/// catalog product's inventory used the factor, the factor, its source and
/// table, the factor set that supplied it, its GWP basis and its look-up path.
json factor_chain_json(const resolved_value& v) {
    json chain = json::array();
    for (const auto& l : v.chain) {
        json j{{"factor_id", l.factor_id}, {"source_id", l.source_id}, {"factor_set", l.factor_set},
               {"gwp", l.gwp},             {"fallback_path", l.fallback_path}};
        if (!l.product.empty()) j["product"] = l.product;
        if (!l.stage.empty()) j["stage"] = l.stage;
        if (!l.item.empty()) j["item"] = l.item;
        if (!l.table.empty()) j["table"] = l.table;
        chain.push_back(std::move(j));
    }
    return chain;
}

/// Every primary source the values' chains reach, one entry per source and
/// table, sorted by id then table: {id, publisher, title, year, url[, table]}.
json primary_sources_json(const std::vector<resolved_value>& used, const factor_library& lib) {
    std::set<std::pair<std::string, std::string>> cited;  // (source id, table)
    for (const auto& v : used)
        for (const auto& l : v.chain) cited.emplace(l.source_id, l.table);
    json out = json::array();
    for (const auto& [id, table] : cited) {
        const source_record* s = lib.find_source(id);
        if (s == nullptr)  // the factor library validates every citation when it is built
            throw error("footprint.internal", {}, "factor source '" + id + "' is not in the factor set",
                        "every factor's source in its set");
        json j{{"id", id}, {"publisher", s->publisher}, {"title", s->title}, {"year", s->year}, {"url", s->url}};
        if (!table.empty()) j["table"] = table;
        out.push_back(std::move(j));
    }
    return out;
}

/// factors_used (each with its chain from format 2 on) and, from format 2 on, the sources they reach.
void add_factors_used(json& factors_used, json& sources, const std::vector<resolved_value>& used,
                      const factor_library& lib, statement_format format) {
    const bool with_chains = format >= statement_format::v2;
    for (const auto& v : used) {
        json j = resolved_json(v);
        if (with_chains) j["chain"] = factor_chain_json(v);
        factors_used.push_back(std::move(j));
    }
    if (with_chains) sources = primary_sources_json(used, lib);
}

std::string canonical_dump(const json& j) {
    // Compact, sorted keys (std::map), UTF-8 as is, no locale: the bytes the digest is over.
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
}

}  // namespace

namespace detail::statements {

std::vector<int> product_columns_of(const shipment_reader& reader) {
    std::vector<int> product_columns;
    const auto& columns = reader.schema().columns;
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].type == parameter_type::product) product_columns.push_back(static_cast<int>(c));
    return product_columns;
}

void add_row(accumulator& acc, const batch_output& out, std::size_t i, const shipment_reader& reader,
             const shipment_batch& batch, const std::vector<int>& product_columns, const statement_request& request) {
    ++acc.rows_in_file;
    const std::int32_t day = batch.codes[column_date][i];
    if (day < request.from_day || day > request.to_day) return;
    const source_location where{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                                batch.shipment_ids[i]};
    acc.total.add(out, i, where);
    acc.by_month[month_of(day)].add(out, i, where);
    const auto& columns = reader.schema().columns;
    for (int c : product_columns) {
        const auto& dict = reader.dictionary(c);
        acc.by_product[columns[static_cast<std::size_t>(c)].name]
                      [dict[static_cast<std::size_t>(batch.codes[static_cast<std::size_t>(c)][i])]]
                          .add(out, i, where);
    }
    const std::size_t ncomp = out.component_g.size();
    if (acc.by_component.size() != ncomp) acc.by_component.assign(ncomp, 0);
    for (std::size_t k = 0; k < ncomp; ++k) add_grams(acc.by_component[k], out.component_g[k][i], "a component in a statement", where);
    if (out.implausible[i]) {
        ++acc.implausible;
        acc.implausible_ids.push_back(batch.shipment_ids[i]);
    }
    acc.row_hash[batch.shipment_ids[i]] = sha256_hex(batch.canonical[i]);
}

}  // namespace detail::statements

namespace {

/// Format 1: reads every row of `reader` through the batch loop (engine.hpp) into the
/// accumulators of the customers asked for.
statement_input read_input(const plan& p, shipment_reader& reader, const statement_request& request) {
    statement_input in;
    engine eng(p);
    std::vector<rejected_row> rejects;
    shipment_batches source(reader, rejects);
    result_totals file_totals;
    // Product columns give the breakdowns by reusable and baseline product.
    const std::vector<int> product_columns = product_columns_of(reader);

    run_batches(eng, source, file_totals, [&](const batch_output& out) {
        const shipment_batch& batch = source.batch();
        if (batch.canonical.size() != batch.rows)
            throw error("footprint.internal", {}, "statement input read without canonical rows",
                        "a shipment_reader with keep_canonical");
        const auto& customers = reader.dictionary(column_customer_id);
        for (std::size_t i = 0; i < batch.rows; ++i) {
            if (out.problem[i] != 0) continue;
            const std::string& customer = customers[static_cast<std::size_t>(batch.codes[column_customer_id][i])];
            if (request.customer && customer != *request.customer) continue;
            add_row(in.per_customer[customer], out, i, reader, batch, product_columns, request);
        }
        for (const auto& r : rejects) in.rejected_records.push_back(r.raw + "\x1f" + r.problem.id);
        rejects.clear();
        if (request.progress) request.progress(reader.counts());
    });
    if (request.customer && in.per_customer.find(*request.customer) == in.per_customer.end())
        in.per_customer[*request.customer];  // a statement that says there is nothing to state
    in.rows_in = reader.counts().rows_in;
    in.accepted = file_totals.computed;
    in.lookups = eng.lookups();
    return in;
}

/// What every statement of one input shares: provenance, and the file's
/// reconciliation with the digest of its rejected rows (sorted, so that row
/// order does not matter).
struct shared_parts {
    json factor_sets = json::array();
    json parameters = json::array();
    json factors_used = json::array();
    json sources;  // format 2: the primary sources of factors_used
    json overrides = json::object();
    std::string rejected_digest;
};

shared_parts shared_parts_of(const plan& p, statement_input& in, const statement_context& context,
                             statement_format format) {
    shared_parts sh;
    std::sort(in.rejected_records.begin(), in.rejected_records.end());
    sha256 rejected_digest;
    for (const auto& r : in.rejected_records) {
        rejected_digest.update(r);
        rejected_digest.update("\n");
    }
    sh.rejected_digest = rejected_digest.hex();
    std::vector<resolved_value> resolved = p.constants();
    for (const auto& l : in.lookups) resolved.push_back(l);
    std::sort(resolved.begin(), resolved.end(),
              [](const resolved_value& a, const resolved_value& b) { return a.label < b.label; });
    resolved.erase(std::unique(resolved.begin(), resolved.end(),
                               [](const resolved_value& a, const resolved_value& b) { return a.label == b.label; }),
                   resolved.end());
    std::vector<resolved_value> used;
    for (auto& v : resolved) {
        if (v.kind == "fixed" || v.kind == "override") sh.parameters.push_back(resolved_json(v));
        else used.push_back(std::move(v));
    }
    add_factors_used(sh.factors_used, sh.sources, used, *p.options().factors, format);
    for (const auto& s : context.factor_sets)
        sh.factor_sets.push_back(json{{"name", s.name}, {"version", s.version}, {"digest", s.digest}});
    for (const auto& [k, v] : p.options().overrides) sh.overrides[k] = shortest_text(v);
    return sh;
}

/// What the statement was built from: format, customer, period, software,
/// methodology, factor sets, GWP, scenario, parameters and factors used.
void add_provenance(json& st, const plan& p, const shared_parts& sh, const std::string& customer,
                    const statement_request& request) {
    const methodology& m = p.method();
    st["format"] = statement_format_name(request.format);
    st["customer"] = customer;
    st["period"] = json{{"from", format_iso_date(request.from_day)}, {"to", format_iso_date(request.to_day)}};
    st["software"] = json{{"name", "footprint"}, {"version", version}};
    st["methodology"] = json{{"id", m.id}, {"version", m.version}, {"digest", m.digest}, {"title", m.title.en}};
    st["factor_sets"] = sh.factor_sets;
    st["gwp"] = json{{"set", std::string(p.options().gwp->name)}, {"source", std::string(p.options().gwp->source)}};
    st["scenario_overrides"] = sh.overrides;
    st["parameters"] = sh.parameters;
    st["factors_used"] = sh.factors_used;
    if (!sh.sources.is_null()) st["sources"] = sh.sources;
}

/// Rows: the file's reconciliation, and this statement's share of it; the
/// totals and the issuance.
void add_counts_and_totals(json& st, const statement_input& in, const shared_parts& sh, const accumulator& acc) {
    const std::uint64_t rejected = in.rejected_records.size();
    st["rows"] = json{{"in_file", in.rows_in},
                      {"accepted_in_file", in.accepted},
                      {"rejected_in_file", rejected},
                      {"rejected_digest", sh.rejected_digest},
                      {"reconciles", in.rows_in == in.accepted + rejected},
                      {"customer_rows_in_file", acc.rows_in_file},
                      {"in_statement", acc.total.shipments}};
    st["totals_g"] = json{{"baseline", acc.total.baseline},
                          {"project", acc.total.project},
                          {"leakage", acc.total.leakage},
                          {"reduction", acc.total.reduction}};
    // Issuance: whole tonnes, rounded down; nothing when the total is not a reduction.
    st["issuable_t"] = acc.total.reduction > 0 ? acc.total.reduction / 1000000 : 0;
    st["shipments"] = acc.total.shipments;
    if (acc.total.shipments == 0) st["note"] = "no shipments of this customer in the period";
}

/// The breakdowns: by product column and product, by month, by component and by stage.
void add_breakdowns(json& st, const accumulator& acc, const std::vector<plan_component>& comps) {
    json by_product = json::object();
    for (const auto& [col, products] : acc.by_product) {
        json j = json::object();
        for (const auto& [id, s] : products) j[id] = sums_json(s);
        by_product[col] = j;
    }
    st["by_product"] = by_product;
    json by_month = json::object();
    for (const auto& [month, s] : acc.by_month) by_month[month] = sums_json(s);
    st["by_month"] = by_month;
    json by_component = json::object(), by_stage = json::object();
    for (std::size_t k = 0; k < comps.size(); ++k) {
        std::int64_t g = acc.by_component.empty() ? 0 : acc.by_component[k];
        std::string term(term_name(comps[k].term));
        by_component[comps[k].name] = json{{"term", term},
                                           {"stage", comps[k].stage ? std::string(stage_key(*comps[k].stage)) : ""},
                                           {"g", g}};
        // A memo (tank-to-wheel beside well-to-wheel) is listed with the components, not in the
        // stage breakdown of BE, PE and LE, which it is no part of.
        if (comps[k].term == emission_term::memo) continue;
        std::string stage = comps[k].stage ? std::string(stage_key(*comps[k].stage)) : "unstaged";
        std::int64_t prev = by_stage[term].contains(stage) ? by_stage[term][stage].get<std::int64_t>() : 0;
        add_grams(prev, g, "a stage in a statement");
        by_stage[term][stage] = prev;
    }
    st["by_component_g"] = by_component;
    st["by_stage_g"] = by_stage;
}

/// The methodology's plausibility rule and the shipments beyond it (the first 20 by id).
void add_plausibility(json& st, const methodology& m, accumulator& acc) {
    std::sort(acc.implausible_ids.begin(), acc.implausible_ids.end());
    st["plausibility"] = json{{"rule", m.plausibility_description.en.empty()
                                           ? m.plausibility_text
                                           : m.plausibility_description.en + " (limit: " + m.plausibility_text + ")"},
                              {"implausible_shipments", acc.implausible},
                              {"examples", std::vector<std::string>(acc.implausible_ids.begin(),
                                                                    acc.implausible_ids.begin() +
                                                                        std::min<std::size_t>(20, acc.implausible_ids.size()))}};
}

/// The input rows it covers: a digest over all, and a short hash per shipment
/// so that `verify` can name the shipments whose data changed.
void add_input_rows(json& st, const accumulator& acc) {
    sha256 rows_digest;
    json row_hashes = json::object();
    for (const auto& [id, h] : acc.row_hash) {
        rows_digest.update(id);
        rows_digest.update("\t");
        rows_digest.update(h);
        rows_digest.update("\n");
        row_hashes[id] = h.substr(0, 16);
    }
    st["input_rows_digest"] = rows_digest.hex();
    st["shipment_rows"] = row_hashes;
}

/// The statement of record: its digest over the canonical form, then the text with it.
statement_document sealed(const std::string& customer, json st) {
    const std::string digest = sha256_hex(canonical_dump(st));
    st["statement_digest"] = digest;
    return statement_document{customer, st.dump(1, ' ', false, json::error_handler_t::strict) + "\n", digest};
}

/// A customer's statement, up to its seal: what every format has.
json statement_body(const plan& p, const statement_input& in, const shared_parts& sh, const std::string& customer,
                    accumulator& acc, const statement_request& request) {
    json st;
    add_provenance(st, p, sh, customer, request);
    add_counts_and_totals(st, in, sh, acc);
    add_breakdowns(st, acc, p.components());
    add_plausibility(st, p.method(), acc);
    add_input_rows(st, acc);
    return st;
}

/// Format 1: one reading of the file for all customers; provenance, counts
/// and rejected rows are the file's, shared by every statement.
std::vector<statement_document> file_scoped_statements(const plan& p, shipment_reader& reader,
                                                       const statement_context& context,
                                                       const statement_request& request) {
    statement_input in = read_input(p, reader, request);
    const shared_parts sh = shared_parts_of(p, in, context, request.format);
    std::vector<statement_document> docs;
    for (auto& [customer, acc] : in.per_customer) docs.push_back(sealed(customer, statement_body(p, in, sh, customer, acc, request)));
    return docs;
}

/// Format 2: each customer's statement from that customer's rows alone
/// (look-ups, counts, rejected rows: customer_input.cpp), with the inputs it
/// pins by digest (pinned_inputs.cpp).
statement_set customer_scoped_statements(const plan& p, shipment_reader& reader, const statement_context& context,
                                         const statement_request& request) {
    statement_set out;
    auto inputs = read_customer_inputs(p, reader, request, out.unattributed);
    for (auto& [customer, in] : inputs) {
        const shared_parts sh = shared_parts_of(p, in, context, request.format);
        accumulator& acc = in.per_customer.at(customer);
        json st = statement_body(p, in, sh, customer, acc, request);
        std::vector<resolved_value> used = p.constants();
        used.insert(used.end(), in.lookups.begin(), in.lookups.end());
        st["inputs"] = pinned_inputs_json(p, context, used, acc);
        out.statements.push_back(sealed(customer, std::move(st)));
    }
    return out;
}

}  // namespace

std::string statement_format_name(statement_format f) {
    return "footprint-statement/" + std::to_string(static_cast<int>(f));
}

std::optional<statement_format> parse_statement_format(const std::string& name) {
    for (statement_format f : {statement_format::v1, statement_format::v2, statement_format::v3})
        if (name == statement_format_name(f)) return f;
    return std::nullopt;
}

statement_set build_statement_set(const plan& p, shipment_reader& reader, const statement_context& context,
                                  const statement_request& request) {
    if (request.format >= statement_format::v2) return customer_scoped_statements(p, reader, context, request);
    return statement_set{file_scoped_statements(p, reader, context, request), {}};
}

std::vector<statement_document> build_statements(const plan& p, shipment_reader& reader,
                                                  const statement_context& context, const statement_request& request) {
    return build_statement_set(p, reader, context, request).statements;
}

std::vector<statement_document> build_statements(const plan& p, std::unique_ptr<record_source> rows,
                                                  const statement_context& context, const statement_request& request) {
    shipment_reader::options opts;
    opts.keep_canonical = true;
    auto regions = std::make_shared<region_tree>(p.options().factors->regions());
    shipment_reader reader(std::move(rows), shipment_schema::for_plan(p), p.options().products, std::move(regions),
                           std::move(opts));
    return build_statements(p, reader, context, request);
}

namespace {

/// Refuses nesting deeper than max_statement_depth before nlohmann/json sees
/// the text: its parser is iterative, but copying, dumping and comparing a
/// document recurse, so a file of a million '[' would overflow the stack.
void check_statement_depth(const std::string& text, const std::string& file) {
    int depth = 0;
    bool in_string = false;
    std::uint32_t line = 1, column = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
        }
        if (in_string) {
            if (c == '\\') ++i, ++column;  // the escaped character cannot end the string
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_statement_depth)
                throw error("footprint.statement.too-deep", source_location{file, line, column, {}, {}},
                            "JSON nested more than " + std::to_string(max_statement_depth) + " levels deep",
                            "a statement written by footprint (5 levels)");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

/// Parses a statement's JSON: every failure is `footprint.statement.syntax`
/// or `footprint.statement.too-deep`, never one of nlohmann/json's exceptions.
json parse_statement(const std::string& text, const std::string& file) {
    check_statement_depth(text, file);
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw error("footprint.statement.syntax", source_location{file, 0, static_cast<std::uint32_t>(e.byte), {}, {}},
                    std::string("not valid JSON: ") + e.what(), "a statement written by footprint");
    } catch (const json::exception& e) {  // out_of_range 406: a number beyond a double's range, e.g. 1e400
        throw error("footprint.statement.syntax", source_location{file, 0, 0, {}, {}},
                    std::string("not valid JSON: ") + e.what(), "a statement written by footprint");
    }
}

json parse_statement_object(const std::string& text, const std::string& file) {
    json j = parse_statement(text, file);
    if (!j.is_object()) throw error("footprint.statement.syntax", source_location{file, 0, 0, {}, {}}, "not a JSON object",
                                    "a statement object");
    return j;
}

}  // namespace

std::string statement_digest(const std::string& text) {
    json j = parse_statement_object(text, "<statement>");
    j.erase("statement_digest");
    return sha256_hex(canonical_dump(j));
}

namespace {

std::string short_value(const json& j) {
    std::string s = j.dump();
    if (s.size() > 200) s = s.substr(0, 197) + "...";
    return s;
}

/// The first path (in sorted key order) where a and b differ; empty when equal.
bool first_difference(const json& a, const json& b, const std::string& path, verify_result& r) {
    if (a.type() != b.type() || (!a.is_object() && !a.is_array() && a != b)) {
        r.first_difference = path.empty() ? "/" : path;
        r.expected = short_value(a);
        r.found = short_value(b);
        return true;
    }
    if (a.is_object()) {
        auto ia = a.begin(), ib = b.begin();
        while (ia != a.end() || ib != b.end()) {
            if (ib == b.end() || (ia != a.end() && ia.key() < ib.key())) {
                r.first_difference = path + "/" + ia.key();
                r.expected = short_value(ia.value());
                r.found = "(missing)";
                return true;
            }
            if (ia == a.end() || ib.key() < ia.key()) {
                r.first_difference = path + "/" + ib.key();
                r.expected = "(missing)";
                r.found = short_value(ib.value());
                return true;
            }
            if (first_difference(ia.value(), ib.value(), path + "/" + ia.key(), r)) return true;
            ++ia;
            ++ib;
        }
        return false;
    }
    if (a.is_array()) {
        for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
            if (i >= a.size() || i >= b.size()) {
                r.first_difference = path + "/" + std::to_string(i);
                r.expected = i < a.size() ? short_value(a[i]) : "(missing)";
                r.found = i < b.size() ? short_value(b[i]) : "(missing)";
                return true;
            }
            if (first_difference(a[i], b[i], path + "/" + std::to_string(i), r)) return true;
        }
    }
    return false;
}

}  // namespace

verify_result compare_statements(const std::string& recorded_json, const std::string& rebuilt_json) {
    verify_result r;
    json recorded = parse_statement_object(recorded_json, "<statement>");
    json rebuilt = parse_statement_object(rebuilt_json, "<rebuilt>");
    if (auto d = recorded.find("statement_digest"); d != recorded.end() && d->is_string()) r.recorded_digest = *d;
    r.computed_digest = statement_digest(recorded_json);
    r.digest_ok = r.recorded_digest == r.computed_digest;
    // Shipments whose rows differ, are missing or were added (a shipment_rows
    // that is not an object has no rows; first_difference names it).
    static const json no_rows = json::object();
    auto rows_of = [](const json& st) -> const json& {
        auto it = st.find("shipment_rows");
        return it != st.end() && it->is_object() ? *it : no_rows;
    };
    const json& a = rows_of(recorded);
    const json& b = rows_of(rebuilt);
    for (auto it = a.begin(); it != a.end(); ++it)
        if (!b.contains(it.key()) || b[it.key()] != it.value()) r.shipments.push_back(it.key());
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!a.contains(it.key())) r.shipments.push_back(it.key());
    std::sort(r.shipments.begin(), r.shipments.end());
    r.inputs = input_differences(recorded, rebuilt);
    json ra = recorded, rb = rebuilt;
    ra.erase("statement_digest");
    rb.erase("statement_digest");
    const bool differs = first_difference(ra, rb, "", r);  // reported even when the digest already failed
    r.identical = r.digest_ok && !differs;
    return r;
}

namespace {

/// `uncertainty/method` of a format-3 statement: iterations and seed
/// (integers), quantile (a decimal string in (0, 1)), coefficient_factors.
template <class Where>
statement_uncertainty_method read_uncertainty_method(const json& m, diagnostics& out, const Where& where) {
    statement_uncertainty_method u;
    const std::string path = "/uncertainty/method/";
    auto count = [&](const char* key, std::uint64_t& to) {
        if (!m.contains(key) || !m[key].is_number_unsigned())
            out.add(m.contains(key) ? "footprint.statement.field-type" : "footprint.statement.missing-field",
                    where(path + key), "the Monte Carlo's " + std::string(key), "a whole number, 1 or more",
                    m.contains(key) ? short_value(m[key]) : "");
        else to = m[key].get<std::uint64_t>();
    };
    count("iterations", u.iterations);
    count("seed", u.seed);
    std::optional<double> q;
    if (m.contains("quantile") && m["quantile"].is_string()) q = parse_number_text(m["quantile"].get<std::string>());
    if (!q || !(*q > 0 && *q < 1))
        out.add(m.contains("quantile") ? "footprint.statement.field-type" : "footprint.statement.missing-field",
                where(path + "quantile"), "the quantile of ER", "a decimal string in (0, 1)",
                m.contains("quantile") ? short_value(m["quantile"]) : "");
    else u.quantile = *q;
    if (m.contains("coefficient_factors") && m["coefficient_factors"].is_array()) {
        for (const auto& id : m["coefficient_factors"])
            if (id.is_string()) u.coefficient_factors.push_back(id.get<std::string>());
            else out.add("footprint.statement.field-type", where(path + "coefficient_factors"), "wrong type",
                         "factor ids", short_value(id));
    } else {
        out.add(m.contains("coefficient_factors") ? "footprint.statement.field-type" : "footprint.statement.missing-field",
                where(path + "coefficient_factors"), "the factors of the coefficient pass", "an array of factor ids",
                m.contains("coefficient_factors") ? short_value(m["coefficient_factors"]) : "");
    }
    return u;
}

}  // namespace

statement_header read_statement_header(const std::string& text, const std::string& file) {
    json j = parse_statement(text, file);
    diagnostics out;
    auto where = [&](const std::string& field) { return source_location{file, 0, 0, field, {}}; };
    auto need = [&](const json& parent, const char* key, const std::string& path, json::value_t type) -> const json* {
        if (!parent.is_object() || !parent.contains(key)) {
            out.add("footprint.statement.missing-field", where(path + "/" + key), "missing field", "a statement written by footprint");
            return nullptr;
        }
        const json& v = parent[key];
        if (v.type() != type) {
            out.add("footprint.statement.field-type", where(path + "/" + key), "wrong type", std::string("a ") +
                    (type == json::value_t::string ? "string" : type == json::value_t::object ? "object" : "array"),
                    short_value(v));
            return nullptr;
        }
        return &v;
    };
    statement_header h;
    if (!j.is_object()) throw error("footprint.statement.syntax", where("/"), "not a JSON object", "a statement object");
    static const std::vector<std::string> known = {
        "by_component_g", "by_month", "by_product", "by_stage_g", "customer", "factor_sets", "factors_used", "format",
        "gwp", "input_rows_digest", "inputs", "issuable_t", "methodology", "note", "parameters", "period", "plausibility", "rows",
        "scenario_overrides", "shipment_rows", "shipments", "software", "sources", "statement_digest", "totals_g",
        "uncertainty"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            out.add("footprint.statement.unknown-field", where("/" + it.key()), "unknown field",
                    "only the fields footprint writes", it.key());
    if (const json* f = need(j, "format", "", json::value_t::string)) {
        if (auto known = parse_statement_format(f->get<std::string>())) h.format = *known;
        else out.add("footprint.statement.format", where("/format"), "unsupported statement format",
                     statement_format_name(statement_format::v1) + ", " + statement_format_name(statement_format::v2) +
                         " or " + statement_format_name(statement_format::v3),
                     f->get<std::string>());
    }
    if (const json* c = need(j, "customer", "", json::value_t::string)) h.customer = c->get<std::string>();
    if (const json* period = need(j, "period", "", json::value_t::object)) {
        for (const char* k : {"from", "to"}) {
            if (const json* d = need(*period, k, "/period", json::value_t::string)) {
                auto day = parse_iso_date(d->get<std::string>());
                if (!day) out.add("footprint.statement.field-type", where(std::string("/period/") + k), "not a date",
                                  "YYYY-MM-DD", d->get<std::string>());
                else (std::string(k) == "from" ? h.from_day : h.to_day) = *day;
            }
        }
    }
    if (const json* m = need(j, "methodology", "", json::value_t::object)) {
        if (const json* v = need(*m, "id", "/methodology", json::value_t::string)) h.methodology_id = v->get<std::string>();
        if (const json* v = need(*m, "version", "/methodology", json::value_t::string)) h.methodology_version = v->get<std::string>();
        if (const json* v = need(*m, "digest", "/methodology", json::value_t::string)) h.methodology_digest = v->get<std::string>();
    }
    if (const json* sets = need(j, "factor_sets", "", json::value_t::array))
        for (const auto& s : *sets)
            if (s.is_object() && s.contains("digest") && s["digest"].is_string()) h.factor_set_digests.push_back(s["digest"]);
    if (const json* g = need(j, "gwp", "", json::value_t::object))
        if (const json* v = need(*g, "set", "/gwp", json::value_t::string)) h.gwp = v->get<std::string>();
    if (j.contains("scenario_overrides") && j["scenario_overrides"].is_object())
        for (auto it = j["scenario_overrides"].begin(); it != j["scenario_overrides"].end(); ++it)
            if (it.value().is_string())
                if (auto v = parse_number_text(it.value().get<std::string>())) h.overrides[it.key()] = *v;
    need(j, "statement_digest", "", json::value_t::string);
    need(j, "totals_g", "", json::value_t::object);
    if (h.format >= statement_format::v3) {
        if (const json* u = need(j, "uncertainty", "", json::value_t::object))
            if (const json* m = need(*u, "method", "/uncertainty", json::value_t::object))
                h.uncertainty = read_uncertainty_method(*m, out, where);
    } else if (j.contains("uncertainty")) {
        out.add("footprint.statement.unknown-field", where("/uncertainty"), "an uncertainty section in a statement of format 2 or earlier",
                statement_format_name(statement_format::v3), "uncertainty");
    }
    need(j, "shipment_rows", "", json::value_t::object);
    out.throw_if_any();
    return h;
}

}  // namespace footprint
