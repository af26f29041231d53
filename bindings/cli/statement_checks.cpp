// `footprint verify --register`: the statement against the issuance register.

#include "statement_checks.hpp"

#include <fmt/format.h>

#include <iostream>

namespace footprint::cli {

register_check check_register(const std::string& statement_text, const std::string& statement_file,
                              const std::string& register_file, bool print) {
    const issuance_register reg(register_file, false);
    register_check c = check_issued(reg, statement_text, statement_file);
    if (!print) return c;
    if (c.ok()) {
        const issuance& i = *c.issued;
        std::cout << fmt::format("     register {}: issuance {}, {} {} to {}, {} {}, {} t (reduction {} g), recorded {}\n",
                                 register_file, i.number, i.customer, i.period_from, i.period_to, i.methodology_id,
                                 i.methodology_version, i.issued_t, i.reduction_g, i.recorded_at);
        return c;
    }
    std::cout << fmt::format("FAIL {}: not issued as it is in {}\n", statement_file, register_file);
    for (const auto& p : c.problems) {
        if (p.id == "footprint.register.mismatch")
            std::cout << fmt::format("  [{}] {}: {}: the statement has {}, the register {}\n", p.id, p.where.field,
                                     p.message, p.expected, p.found);
        else
            std::cout << fmt::format("  [{}] {}\n", p.id, p.message);
    }
    return c;
}

}  // namespace footprint::cli
