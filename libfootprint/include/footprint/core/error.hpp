#pragma once
// Errors and diagnostics.
//
// Every problem footprint reports carries a stable id (for example
// `footprint.unit.unknown`, documented in docs/errors.md), where it happened
// (file, line, column, field, shipment) and what was expected. Problems in data
// are collected as `diagnostic`s so that one run reports all of them; the
// caller decides whether they are fatal, and `error` carries the whole list
// when they are.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace footprint {

/// Where something is in an input: any part may be empty or zero when unknown.
struct source_location {
    std::string file;
    std::uint32_t line = 0;    ///< 1-based; 0 when unknown
    std::uint32_t column = 0;  ///< 1-based; 0 when unknown
    std::string field;         ///< dotted path of the field, e.g. `factors[3].unit`
    std::string shipment;      ///< shipment id, when the problem belongs to one

    /// `file:line:column` (parts that are unknown are left out).
    [[nodiscard]] std::string str() const {
        std::string out = file.empty() ? std::string("<input>") : file;
        if (line != 0) {
            out += ':' + std::to_string(line);
            if (column != 0) out += ':' + std::to_string(column);
        }
        return out;
    }
};

/// One problem found in an input.
struct diagnostic {
    std::string id;        ///< stable error id, e.g. `footprint.unit.unknown`
    source_location where;
    std::string message;   ///< what is wrong
    std::string expected;  ///< what would have been accepted (may be empty)
    std::string found;     ///< what was there (may be empty)

    /// `file:line:col: error [id] field: message (expected …, found …)`
    [[nodiscard]] std::string str() const {
        std::string out = where.str() + ": error [" + id + "] ";
        if (!where.shipment.empty()) out += "shipment " + where.shipment + ": ";
        if (!where.field.empty()) out += where.field + ": ";
        out += message;
        if (!expected.empty() || !found.empty()) {
            out += " (";
            if (!expected.empty()) out += "expected " + expected;
            if (!expected.empty() && !found.empty()) out += ", ";
            if (!found.empty()) out += "found '" + found + "'";
            out += ")";
        }
        return out;
    }
};

/// A list of problems, in the order they were found. At most `max_listed` are
/// kept; the ones after are counted in one last `footprint.input.too-many-problems`,
/// so that an input with a problem on every line cannot make the list (and the
/// message) grow without bound. size() counts every problem, listed or not.
class diagnostics {
public:
    static constexpr std::size_t max_listed = 1000;

    void add(diagnostic d) {
        if (items_.size() < max_listed) {
            items_.push_back(std::move(d));
            return;
        }
        count_unlisted(1, d.where.file);
    }
    void add(std::string id, source_location where, std::string message,
             std::string expected = {}, std::string found = {}) {
        add(diagnostic{std::move(id), std::move(where), std::move(message), std::move(expected), std::move(found)});
    }
    void append(const diagnostics& other) {
        // The other list's own count of unlisted problems carries over (its
        // last item is then that count, not a problem).
        const std::size_t listed = other.items_.size() - (other.unlisted_ > 0 ? 1 : 0);
        for (std::size_t i = 0; i < listed; ++i) add(other.items_[i]);
        if (other.unlisted_ > 0) count_unlisted(other.unlisted_, other.items_.back().where.file);
    }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return items_.size() + (unlisted_ > 0 ? unlisted_ - 1 : 0); }
    [[nodiscard]] const std::vector<diagnostic>& items() const noexcept { return items_; }
    [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
    [[nodiscard]] auto end() const noexcept { return items_.end(); }

    /// Throws `error` carrying every diagnostic when there is at least one.
    inline void throw_if_any() const;

private:
    void count_unlisted(std::size_t k, const std::string& file) {
        if (unlisted_ == 0)
            items_.push_back(diagnostic{"footprint.input.too-many-problems", source_location{file, 0, 0, {}, {}}, {},
                                        "at most " + std::to_string(max_listed) + " problems listed", {}});
        unlisted_ += k;
        items_.back().message = std::to_string(unlisted_) + " more problems not listed; fix the ones above and run again";
    }

    std::vector<diagnostic> items_;
    std::size_t unlisted_ = 0;
};

/// The one exception type footprint throws. `what()` lists every diagnostic,
/// one per line, each with its id and location.
class error : public std::runtime_error {
public:
    explicit error(diagnostic d) : error(std::vector<diagnostic>{std::move(d)}) {}
    explicit error(std::vector<diagnostic> ds)
        : std::runtime_error(render(ds)), diagnostics_(std::move(ds)) {}
    error(std::string id, source_location where, std::string message,
          std::string expected = {}, std::string found = {})
        : error(diagnostic{std::move(id), std::move(where), std::move(message),
                           std::move(expected), std::move(found)}) {}

    /// Id of the first problem: the one a caller usually switches on.
    [[nodiscard]] const std::string& id() const noexcept { return diagnostics_.front().id; }
    [[nodiscard]] const std::vector<diagnostic>& problems() const noexcept { return diagnostics_; }

private:
    static std::string render(const std::vector<diagnostic>& ds) {
        std::string out;
        for (const auto& d : ds) {
            if (!out.empty()) out += '\n';
            out += d.str();
        }
        return out;
    }
    std::vector<diagnostic> diagnostics_;
};

inline void diagnostics::throw_if_any() const {
    if (!items_.empty()) throw error(items_);
}

}  // namespace footprint
