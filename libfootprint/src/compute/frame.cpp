// frame_shipments (frame.hpp): batches of checked rows, shipment ids,
// dictionaries, and compute_frame. The checks of columns and values are in
// frame_columns.cpp and frame_values.cpp.
#include "footprint/compute/frame.hpp"

#include <algorithm>
#include <iterator>

#include "compute/detail/frame_reader.hpp"

namespace footprint {

frame_shipments::frame_shipments(const frame_view& frame, shipment_schema schema, std::shared_ptr<const catalog> products,
                                 std::shared_ptr<const region_tree> regions)
    : reader_(std::make_unique<detail::frame_reader>(frame, std::move(schema), std::move(products), std::move(regions))) {}
frame_shipments::frame_shipments(frame_shipments&&) noexcept = default;
frame_shipments& frame_shipments::operator=(frame_shipments&&) noexcept = default;
frame_shipments::~frame_shipments() = default;

const shipment_schema& frame_shipments::schema() const { return reader_->schema(); }
const std::string& frame_shipments::name() const { return reader_->name(); }
std::size_t frame_shipments::rows_in() const { return reader_->rows_in(); }
std::size_t frame_shipments::rows_read() const { return reader_->rows_read(); }
std::size_t frame_shipments::accepted() const { return reader_->accepted(); }
std::size_t frame_shipments::rejected() const { return reader_->rejected(); }
const std::vector<std::string>& frame_shipments::dictionary(int column) const { return reader_->dictionary(column); }
std::string_view frame_shipments::shipment_id(std::size_t row) const { return reader_->shipment_id(row); }
bool frame_shipments::next(frame_batch& out, std::vector<frame_reject>& rejects, std::size_t batch_rows) {
    return reader_->next(out, rejects, batch_rows);
}
batch_input frame_shipments::plan_view(const frame_batch& b, std::vector<std::vector<double>>& scratch) const {
    return reader_->plan_view(b, scratch);
}

namespace detail {

bool frame_reader::next(frame_batch& out, std::vector<frame_reject>& rejects, std::size_t batch_rows) {
    out.clear();
    const std::size_t ncol = schema_.columns.size();
    out.numbers.resize(ncol);
    out.codes.resize(ncol);
    if (cursor_ >= frame_.rows) return false;
    const std::size_t r0 = cursor_;
    const std::size_t n = std::min(std::max<std::size_t>(batch_rows, 1), frame_.rows - r0);
    cursor_ += n;
    bad_.assign(n, ok_row);
    // 1. Column by column: each value checked and converted in a tight loop.
    for (std::size_t c = 0; c < ncol; ++c)
        if (c != column_shipment_id) check_block(c, r0, n, out);
    // 2. Shipment ids, in row order (a duplicate is one already accepted).
    check_ids(r0, n);
    // 3. The accepted rows, packed; the others reported.
    std::size_t j = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (bad_[i] != ok_row) {
            report(r0 + i, bad_[i], rejects);
            if (ids_increasing_) rejected_rows_.push_back(static_cast<std::uint32_t>(r0 + i));
            ++rejected_;
            continue;
        }
        if (j != i)
            for (std::size_t c = 0; c < ncol; ++c) {
                if (!out.numbers[c].empty()) out.numbers[c][j] = out.numbers[c][i];
                if (!out.codes[c].empty()) out.codes[c][j] = out.codes[c][i];
                if (!text_scratch_[c].empty()) text_scratch_[c][j] = text_scratch_[c][i];
            }
        out.row.push_back(static_cast<std::uint32_t>(r0 + i));
        ++j;
    }
    out.rows = j;
    accepted_ += j;
    for (std::size_t c = 0; c < ncol; ++c) {
        if (!out.numbers[c].empty()) out.numbers[c].resize(j);
        if (!out.codes[c].empty()) out.codes[c].resize(j);
    }
    out.contiguous = j == n;
    encode_categories(out);
    return true;
}

batch_input frame_reader::plan_view(const frame_batch& b, std::vector<std::vector<double>>& scratch) const {
    batch_input in;
    in.rows = b.rows;
    int inputs = 0;
    for (const auto& col : schema_.columns) inputs = std::max(inputs, col.plan_input + 1);
    in.columns.resize(static_cast<std::size_t>(inputs));
    scratch.resize(schema_.columns.size());
    for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
        const shipment_column& col = schema_.columns[c];
        if (col.plan_input < 0) continue;
        column_view& v = in.columns[static_cast<std::size_t>(col.plan_input)];
        if (frame_is_numeric(col.type)) {
            if (!direct_[c]) {
                v.numbers = b.numbers[c].data();
            } else {
                const double* src = frame_.columns[static_cast<std::size_t>(field_of_column_[c])].float64;
                if (b.rows == 0 || b.contiguous) {
                    v.numbers = src + (b.rows ? b.row.front() : 0);  // straight from the frame
                } else {
                    auto& buf = scratch[c];
                    buf.resize(b.rows);
                    for (std::size_t k = 0; k < b.rows; ++k) buf[k] = src[b.row[k]];
                    v.numbers = buf.data();
                }
            }
        } else {
            v.codes = b.codes[c].data();
        }
        if (frame_is_categorical(col.type)) v.dictionary = &dictionaries_[c];
    }
    return in;
}

void frame_reader::check_ids(std::size_t r0, std::size_t n) {
    const frame_column& idc = *column_[column_shipment_id];
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = r0 + i;
        std::string_view id = text_at(id_field_, r);
        if (id.data() == nullptr || id.empty() || id.size() > 256 || !field_check_visible(id, nullptr)) {
            bad_[i] = bad_id;
            continue;
        }
        if (ids_by_code_) {
            std::uint8_t& seen = id_code_seen_[static_cast<std::size_t>(idc.code_at(r))];
            if (seen) bad_[i] = duplicate_id;
            else if (bad_[i] == ok_row) seen = 1;
            continue;
        }
        if (ids_increasing_ && !(last_id_.data() == nullptr || last_id_ < id)) start_id_set(r0, i);
        if (ids_increasing_) {  // larger than every accepted id: cannot be a duplicate
            if (bad_[i] == ok_row) last_id_ = id;
            continue;
        }
        auto [found, slot] = ids_.find(id, [this](std::size_t row) { return text_at(id_field_, row); });
        if (found) bad_[i] = duplicate_id;
        else if (bad_[i] == ok_row) ids_.insert_at(slot, id, r);
    }
}

/// Categorical columns of the packed batch: dictionary codes in order of
/// first appearance among accepted rows.
void frame_reader::encode_categories(frame_batch& out) {
    for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
        if (!frame_is_categorical(schema_.columns[c].type) || c == column_shipment_id) continue;
        const frame_column& fc = *column_[c];
        std::int32_t* code = out.codes[c].data();
        auto& index = dictionary_index_[c];
        auto add = [&](std::string_view text) {
            if (auto it = index.find(text); it != index.end()) return it->second;
            const auto k = static_cast<std::int32_t>(dictionaries_[c].size());
            dictionaries_[c].emplace_back(text);
            index.emplace(std::string(text), k);
            return k;
        };
        if (fc.storage == frame_storage::codes) {
            auto& map = category_code_[c];
            if (map.size() != fc.categories.size()) map.assign(fc.categories.size(), -1);
            for (std::size_t i = 0; i < out.rows; ++i) {
                std::int32_t& m = map[static_cast<std::size_t>(code[i])];
                if (m < 0) m = add(categories_[c][static_cast<std::size_t>(code[i])].parsed.text);
                code[i] = m;
            }
        } else {
            const std::string_view* text = text_scratch_[c].data();
            for (std::size_t i = 0; i < out.rows; ++i)
                if (code[i] < 0) code[i] = add(text[i]);
        }
    }
}

/// Ids came in increasing order so far (no duplicate possible, nothing to
/// look up); row r0 + i breaks the order: from there on, look ids up in a
/// set of every accepted id. The accepted rows so far are the rows before
/// this block that were not rejected, and the rows of this block before i
/// that passed.
void frame_reader::start_id_set(std::size_t r0, std::size_t i) {
    ids_increasing_ = false;
    ids_ = frame_id_set(frame_.rows);
    auto at = [this](std::size_t row) { return text_at(id_field_, row); };
    auto insert = [&](std::size_t row) {
        std::string_view id = text_at(id_field_, row);
        ids_.insert_at(ids_.find(id, at).second, id, row);
    };
    std::size_t k = 0;
    for (std::size_t row = 0; row < r0; ++row) {
        if (k < rejected_rows_.size() && rejected_rows_[k] == row) {
            ++k;
            continue;
        }
        insert(row);
    }
    for (std::size_t j = 0; j < i; ++j)
        if (bad_[j] == ok_row) insert(r0 + j);
    rejected_rows_ = {};
}

}  // namespace detail

namespace {

/// A frame as a source of run_batches (engine.hpp): batches of accepted rows
/// (empty batches skipped), the checks' rejects and the plan's kept apart.
class frame_batches {
public:
    frame_batches(frame_shipments& f, std::size_t batch_rows) : f_(f), batch_rows_(batch_rows) {}

    bool next() {
        while (f_.next(batch_, checks, batch_rows_))
            if (batch_.rows != 0) return true;
        return false;
    }
    [[nodiscard]] const frame_batch& batch() const { return batch_; }

    [[nodiscard]] batch_input plan_view() { return f_.plan_view(batch_, scratch_); }
    [[nodiscard]] std::size_t rows() const { return batch_.rows; }
    [[nodiscard]] source_location where(std::size_t i) const {
        return source_location{f_.name(), 0, 0, {}, std::string(f_.shipment_id(batch_.row[i]))};
    }
    void reject(std::size_t i, diagnostic problem) {
        frame_reject rj;
        rj.row = batch_.row[i];
        rj.shipment_id = problem.where.shipment;
        rj.problem = std::move(problem);
        plan_rejects.push_back(std::move(rj));
    }

    std::vector<frame_reject> checks, plan_rejects;

private:
    frame_shipments& f_;
    std::size_t batch_rows_;
    frame_batch batch_;
    std::vector<std::vector<double>> scratch_;
};

}  // namespace

/// Reads every row of `f` and runs `p` over the accepted ones, batch by
/// batch. Rows the plan cannot compute are rejected with `footprint.plan.row`,
/// as the CSV pipeline does. Totals are exact integer sums.
frame_report compute_frame(const plan& p, frame_shipments& f, const frame_output& out, std::size_t batch_rows) {
    frame_report report;
    report.rows_in = f.rows_in();
    engine eng(p);
    frame_batches source(f, batch_rows);
    const std::size_t ncomp = p.components().size();
    report.totals.component_g.assign(ncomp, 0);
    std::size_t k = 0;
    run_batches(eng, source, report.totals, [&](const batch_output& bo) {
        const frame_batch& batch = source.batch();
        for (std::size_t i = 0; i < batch.rows; ++i) {
            if (bo.problem[i] != 0) continue;
            if (out.row) out.row[k] = static_cast<std::int64_t>(batch.row[i]);
            out.baseline_g[k] = bo.baseline_g[i];
            out.project_g[k] = bo.project_g[i];
            out.leakage_g[k] = bo.leakage_g[i];
            out.reduction_g[k] = bo.reduction_g[i];
            for (std::size_t c = 0; c < ncomp; ++c) out.component_g[c][k] = bo.component_g[c][i];
            out.implausible[k] = bo.implausible[i];
            ++k;
        }
    });
    report.computed = k;  // == report.totals.computed
    // Rejected rows in row order: the checks' and the plan's merged.
    auto& checks = source.checks;
    auto& plan_rejects = source.plan_rejects;
    report.rejected.reserve(checks.size() + plan_rejects.size());
    std::merge(std::make_move_iterator(checks.begin()), std::make_move_iterator(checks.end()),
               std::make_move_iterator(plan_rejects.begin()), std::make_move_iterator(plan_rejects.end()),
               std::back_inserter(report.rejected),
               [](const frame_reject& a, const frame_reject& b) { return a.row < b.row; });
    report.lookups = eng.lookups();
    return report;
}

}  // namespace footprint
