#pragma once
// Builds a plan batch from rows of text, the way the shipment ingest will:
// numbers converted to coherent units, categorical columns dictionary-coded,
// dates as days since 1970-01-01. For tests only.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "footprint/plan/plan.hpp"

namespace footprint::testing {

class batch_builder {
public:
    explicit batch_builder(const plan& p) : inputs_(p.inputs()) {
        numbers_.resize(inputs_.size());
        codes_.resize(inputs_.size());
        dicts_.resize(inputs_.size());
    }

    void add(const std::map<std::string, std::string>& row) {
        for (std::size_t c = 0; c < inputs_.size(); ++c) {
            const auto& mp = inputs_[c];
            const std::string& v = row.at(mp.name);
            switch (mp.type) {
                case parameter_type::number:
                case parameter_type::integer: numbers_[c].push_back(std::stod(v) * mp.unit.to_coherent); break;
                case parameter_type::flag: numbers_[c].push_back(std::stod(v)); break;
                case parameter_type::date: {
                    int y = std::stoi(v.substr(0, 4));
                    unsigned m = static_cast<unsigned>(std::stoi(v.substr(5, 2)));
                    unsigned d = static_cast<unsigned>(std::stoi(v.substr(8, 2)));
                    codes_[c].push_back(days_from_civil(y, m, d));
                    break;
                }
                default: {
                    auto& dict = dicts_[c];
                    auto it = std::find(dict.begin(), dict.end(), v);
                    if (it == dict.end()) {
                        dict.push_back(v);
                        it = dict.end() - 1;
                    }
                    codes_[c].push_back(static_cast<std::int32_t>(it - dict.begin()));
                }
            }
        }
        ++rows_;
    }

    /// A view of rows [first, first + count).
    [[nodiscard]] batch_input view(std::size_t first = 0, std::size_t count = std::size_t(-1)) const {
        batch_input in;
        in.rows = std::min(count, rows_ - first);
        for (std::size_t c = 0; c < inputs_.size(); ++c) {
            column_view v;
            if (!numbers_[c].empty()) v.numbers = numbers_[c].data() + first;
            if (!codes_[c].empty()) v.codes = codes_[c].data() + first;
            v.dictionary = &dicts_[c];
            in.columns.push_back(v);
        }
        return in;
    }

    [[nodiscard]] std::size_t rows() const { return rows_; }

private:
    std::vector<monitored_parameter> inputs_;
    std::vector<std::vector<double>> numbers_;
    std::vector<std::vector<std::int32_t>> codes_;
    std::vector<std::vector<std::string>> dicts_;
    std::size_t rows_ = 0;
};

}  // namespace footprint::testing
