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

/// A list of problems, in the order they were found.
class diagnostics {
public:
    void add(diagnostic d) { items_.push_back(std::move(d)); }
    void add(std::string id, source_location where, std::string message,
             std::string expected = {}, std::string found = {}) {
        items_.push_back(diagnostic{std::move(id), std::move(where), std::move(message),
                                    std::move(expected), std::move(found)});
    }
    void append(const diagnostics& other) {
        items_.insert(items_.end(), other.items_.begin(), other.items_.end());
    }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
    [[nodiscard]] const std::vector<diagnostic>& items() const noexcept { return items_; }
    [[nodiscard]] auto begin() const noexcept { return items_.begin(); }
    [[nodiscard]] auto end() const noexcept { return items_.end(); }

    /// Throws `error` carrying every diagnostic when there is at least one.
    inline void throw_if_any() const;

private:
    std::vector<diagnostic> items_;
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
