// The engine and the compute pipeline. See engine.hpp.

#include "footprint/compute/engine.hpp"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "footprint/core/atomic_file.hpp"
#include "footprint/core/text.hpp"
#include "footprint/core/output_set.hpp"
#include "footprint/compute/results_workbook.hpp"

namespace footprint {

engine::engine(const plan& p) : plan_(p), evaluator_(plan_) {}

const batch_output& engine::run(const batch_input& in) {
    evaluator_.run(in, out_);
    return out_;
}

diagnostic plan_row_rejection(source_location where, const std::string& why) {
    return diagnostic{"footprint.plan.row", std::move(where), why, "a shipment the methodology applies to", ""};
}

const batch_output& engine::run(const shipment_reader& reader, const shipment_batch& batch,
                                std::vector<rejected_row>& rejects, result_totals& totals) {
    reader_batch source{reader, batch, rejects};
    return run(source, totals);
}

void append_csv_field(std::string& out, std::string_view f) {
    bool quote = f.find_first_of(",\"\r\n") != std::string_view::npos || (!f.empty() && (f.front() == ' ' || f.back() == ' '));
    if (!quote) {
        out.append(f);
        return;
    }
    out += '"';
    for (char c : f) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string quarantine_csv_header() { return "line,shipment_id,error_id,column,field,message,expected,found,record\n"; }

void append_quarantine_csv(std::string& out, const std::vector<rejected_row>& rows) {
    for (const auto& r : rows) {
        out += std::to_string(r.line);
        out += ',';
        append_csv_field(out, r.shipment_id);
        out += ',';
        out += r.problem.id;
        out += ',';
        if (r.problem.where.column) out += std::to_string(r.problem.where.column);
        out += ',';
        append_csv_field(out, r.problem.where.field);
        out += ',';
        append_csv_field(out, r.problem.message);
        out += ',';
        append_csv_field(out, r.problem.expected);
        out += ',';
        append_csv_field(out, r.problem.found);
        out += ',';
        if (valid_utf8(r.raw)) append_csv_field(out, r.raw);
        else append_csv_field(out, escape_invalid_utf8(r.raw));
        out += '\n';
    }
}

namespace {

void append_int(std::string& out, std::int64_t v) {
    fmt::format_int f(v);  // two digits per step from a table: the fastest integer formatting at hand
    out.append(f.data(), f.size());
}

}  // namespace

compute_report compute_shipments(const plan& p, shipment_reader& reader, const compute_options& options) {
    const auto start = std::chrono::steady_clock::now();
    compute_report report;
    report.results = options.results;
    report.quarantine = options.quarantine;
    if (report.quarantine.empty()) {
        // Results on standard output ("-") have no name to put the quarantine beside.
        auto q = options.results;
        q.replace_extension();
        report.quarantine = options.results == "-" ? std::string("quarantine.csv") : q.string() + ".quarantine.csv";
    }
    const bool json = options.results.extension() == ".json";
    // A workbook holds the results and the quarantine's rows (the quarantine CSV is written too).
    std::unique_ptr<results_workbook> book;
    if (options.results.extension() == ".xlsx") book = std::make_unique<results_workbook>(p, reader.source_name());
    engine eng(p);
    std::vector<rejected_row> rejects;
    shipment_batches source(reader, rejects);
    std::string buf, row, qbuf = quarantine_csv_header();

    // Read the first batch before creating any file: a header-only file is an error.
    if (!source.read_ahead())
        throw error("footprint.shipment.no-rows", source_location{reader.source_name(), 0, 0, {}, {}},
                    "the file has a header but no shipments", "one line per shipment after the header");

    // Both files or neither (output_set): results without their quarantine
    // would look like a run in which nothing was rejected.
    output_set outputs;
    atomic_file& results = outputs.add(options.results, "results");
    atomic_file& quarantine = outputs.add(report.quarantine, "quarantine");
    const auto& comps = p.components();
    const auto& customers = reader.dictionary(column_customer_id);
    if (json) {
        buf += "[\n";
    } else if (!book) {
        buf += "shipment_id,customer_id,date,line,BE_g,PE_g,LE_g,ER_g";
        for (const auto& c : comps) buf += "," + c.name + "_g";
        buf += ",implausible\n";
    }
    bool first_json = true;
    run_batches(eng, source, report.totals, [&](const batch_output& out) {
        const shipment_batch& batch = source.batch();
        report.rejected_by_plan = source.rejected_by_plan();
        const auto& dates = batch.codes[column_date];
        const auto& cust = batch.codes[column_customer_id];
        if (book) book->add_results(batch, out, customers);
        for (std::size_t i = 0; !book && i < batch.rows; ++i) {
            if (out.problem[i] != 0) continue;
            if (json) {
                buf += first_json ? "  {" : ",\n  {";
                first_json = false;
                buf += "\"shipment_id\": \"";
                for (char ch : batch.shipment_ids[i]) {
                    if (ch == '"' || ch == '\\') buf += '\\';
                    if (static_cast<unsigned char>(ch) < 0x20) {
                        char esc[8];
                        std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(ch));
                        buf += esc;
                        continue;
                    }
                    buf += ch;
                }
                buf += "\", \"customer_id\": \"";
                for (char ch : customers[static_cast<std::size_t>(cust[i])]) {
                    if (ch == '"' || ch == '\\') buf += '\\';
                    buf += ch;
                }
                buf += "\", \"date\": \"" + format_iso_date(dates[i]) + "\", \"line\": ";
                append_int(buf, static_cast<std::int64_t>(batch.lines[i]));
                buf += ", \"BE_g\": ";
                append_int(buf, out.baseline_g[i]);
                buf += ", \"PE_g\": ";
                append_int(buf, out.project_g[i]);
                buf += ", \"LE_g\": ";
                append_int(buf, out.leakage_g[i]);
                buf += ", \"ER_g\": ";
                append_int(buf, out.reduction_g[i]);
                for (std::size_t c = 0; c < comps.size(); ++c) {
                    buf += ", \"" + comps[c].name + "_g\": ";
                    append_int(buf, out.component_g[c][i]);
                }
                buf += out.implausible[i] ? ", \"implausible\": true}" : ", \"implausible\": false}";
            } else {
                // Write the row straight into the buffer: the widest row is bounded
                // (ids and customers are quoted at most twice their length, each integer ≤ 20 characters).
                const std::string& sid = batch.shipment_ids[i];
                const std::string& cid = customers[static_cast<std::size_t>(cust[i])];
                if (sid.find_first_of(",\"\r\n ") != std::string::npos || cid.find_first_of(",\"\r\n ") != std::string::npos) {
                    append_csv_field(buf, sid);
                    buf += ',';
                    append_csv_field(buf, cid);
                } else {
                    buf += sid;
                    buf += ',';
                    buf += cid;
                }
                // Composed in a scratch row sized once, then appended: growing `buf`
                // by the bound and shrinking it back zeroed ~400 bytes per row.
                const std::size_t bound = 16 + 22 * (5 + comps.size()) + 4;
                if (row.size() < bound) row.resize(bound);
                char* const start = row.data();
                char* w = start;
                *w++ = ',';
                std::string date = format_iso_date(dates[i]);
                std::memcpy(w, date.data(), date.size());
                w += date.size();
                auto put = [&w](std::int64_t v) {
                    *w++ = ',';
                    fmt::format_int f(v);
                    std::memcpy(w, f.data(), f.size());
                    w += f.size();
                };
                put(static_cast<std::int64_t>(batch.lines[i]));
                put(out.baseline_g[i]);
                put(out.project_g[i]);
                put(out.leakage_g[i]);
                put(out.reduction_g[i]);
                for (std::size_t c = 0; c < comps.size(); ++c) put(out.component_g[c][i]);
                *w++ = ',';
                *w++ = out.implausible[i] ? '1' : '0';
                *w++ = '\n';
                buf.append(start, static_cast<std::size_t>(w - start));
            }
        }
        results.write(buf);
        buf.clear();
        if (book) book->add_rejects(rejects);
        append_quarantine_csv(qbuf, rejects);
        rejects.clear();
        quarantine.write(qbuf);
        qbuf.clear();
        if (options.progress) options.progress(reader.counts().rows_in, reader.counts().rejected + report.rejected_by_plan);
    });
    if (!rejects.empty()) {  // rows rejected while reading the (empty) last batch
        if (book) book->add_rejects(rejects);
        append_quarantine_csv(qbuf, rejects);
        quarantine.write(qbuf);
    }
    if (json) results.write("\n]\n");
    report.ingest = reader.counts();
    report.lookups = eng.lookups();
    if (book) book->finish(report, results);
    outputs.commit();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace footprint
