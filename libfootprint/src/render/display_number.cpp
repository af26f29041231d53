// Numbers at the precision a reader sees. See display_number.hpp.

#include "footprint/render/display_number.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "footprint/core/number_text.hpp"

namespace footprint {

std::string group_thousands(std::string_view s) {
    const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
    const std::size_t end = std::min(s.find('.'), s.size());
    std::string out(s.substr(0, start));
    for (std::size_t i = start; i < end; ++i) {
        if (i > start && (end - i) % 3 == 0) out += ',';
        out += s[i];
    }
    out.append(s.substr(end));
    return out;
}

std::string display_tonnes(std::int64_t grams, int decimals) {
    decimals = std::clamp(decimals, 0, 6);
    std::uint64_t unit = 1;  // grams per last shown digit
    for (int i = decimals; i < 6; ++i) unit *= 10;
    const bool negative = grams < 0;
    // |grams| without overflow at INT64_MIN.
    const std::uint64_t a = negative ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    const std::uint64_t q = a / unit + (a % unit >= (unit + 1) / 2 && unit > 1 ? 1 : 0);  // half away from zero
    std::uint64_t scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    std::string s = std::to_string(q / scale);
    if (decimals > 0) s += fmt::format(".{:0{}}", q % scale, decimals);
    std::string out = negative && q != 0 ? "-" : "";  // appended piece by piece: GCC 12 -Wrestrict (bug 105651)
    out += group_thousands(s);
    return out;
}

std::string display_value(std::string_view text) {
    if (!parse_number_text(text)) return std::string(text);
    // Decimal arithmetic on the text itself: value = 0.DIGITS × 10^point.
    std::string_view t = text;
    const bool negative = !t.empty() && t.front() == '-';
    if (!t.empty() && (t.front() == '-' || t.front() == '+')) t.remove_prefix(1);
    int exponent = 0;
    if (const auto e = t.find_first_of("eE"); e != std::string_view::npos) {
        exponent = std::stoi(std::string(t.substr(e + 1)));
        t = t.substr(0, e);
    }
    const auto dot = t.find('.');
    std::string digits(t.substr(0, dot));
    int point = static_cast<int>(digits.size()) + exponent;
    if (dot != std::string_view::npos) digits += t.substr(dot + 1);
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos) return "0";
    digits.erase(0, first);
    point -= static_cast<int>(first);
    // 4 significant digits, never fewer than the integer digits; half away from zero.
    const std::size_t keep = static_cast<std::size_t>(std::max(4, point));
    if (digits.size() > keep) {
        const bool up = digits[keep] >= '5';
        digits.resize(keep);
        if (up) {
            std::size_t i = keep;
            while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
            if (i == 0) {
                digits.insert(digits.begin(), '1');
                ++point;
            } else {
                ++digits[i - 1];
            }
        }
    }
    std::string s;
    if (point <= 0)
        s.append("0.").append(static_cast<std::size_t>(-point), '0').append(digits);
    else if (static_cast<std::size_t>(point) >= digits.size())
        s = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
    else
        s = digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    std::string out = negative ? "-" : "";
    out += s;
    return out;
}

}  // namespace footprint
