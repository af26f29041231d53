// The monitored data of one period (monitored_data.hpp).

#include "footprint/project/monitored_data.hpp"

#include "footprint/core/calendar.hpp"

namespace footprint {

bool monitored_data::numeric(int col) const {
    const auto t = schema.columns[static_cast<std::size_t>(col)].type;
    return t == parameter_type::number || t == parameter_type::integer || t == parameter_type::flag;
}

std::string month_of_day(std::int32_t day) { return format_iso_date(day).substr(0, 7); }

monitored_data read_monitored_data(shipment_reader& reader, std::int32_t from_day, std::int32_t to_day) {
    monitored_data d;
    d.schema = reader.schema();
    d.from_day = from_day;
    d.to_day = to_day;
    const std::size_t ncol = d.schema.columns.size();
    d.numbers.resize(ncol);
    d.codes.resize(ncol);
    shipment_batch batch;
    std::vector<rejected_row> rejects;
    auto keep = [&] {
        d.rejected_on_read += rejects.size();
        for (const auto& r : rejects)
            d.quarantine.push_back({r.shipment_id, r.problem.id, r.problem.str(),
                                    reader.source_name() + ":" + std::to_string(r.line)});
        rejects.clear();
    };
    while (reader.next(batch, rejects)) {
        keep();
        d.rows_read += batch.rows;
        for (std::size_t i = 0; i < batch.rows; ++i) {
            const std::int32_t day = batch.codes[column_date][i];
            if (day < from_day || day > to_day) {
                ++d.outside_period;
                continue;
            }
            d.ids.push_back(batch.shipment_ids[i]);
            d.lines.push_back(batch.lines[i]);
            for (std::size_t c = 0; c < ncol; ++c) {
                const auto& col = d.schema.columns[c];
                if (d.numeric(static_cast<int>(c)))
                    d.numbers[c].push_back(batch.numbers[c][i] / col.unit.to_coherent);
                else if (c != column_shipment_id)
                    d.codes[c].push_back(batch.codes[c][i]);
            }
            ++d.rows;
        }
    }
    keep();
    d.dictionaries.resize(ncol);
    for (std::size_t c = 0; c < ncol; ++c) d.dictionaries[c] = reader.dictionary(static_cast<int>(c));
    return d;
}

}  // namespace footprint
