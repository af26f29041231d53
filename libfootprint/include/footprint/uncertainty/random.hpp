#pragma once
// Counter-based random numbers for Monte Carlo: a draw is a pure function of
// (seed, key, iteration), so results are bit-identical whatever the thread
// count, the batch size or the order iterations run in, and a factor's draw in
// iteration k is the same in every product and every shipment that uses it
// (one draw per factor per iteration, shared by every use).
//
// The mixing function is SplitMix64's finaliser (Steele, Lea, Flood 2014,
// "Fast splittable pseudorandom number generators", OOPSLA; the constants of
// java.util.SplittableRandom). Normals come from the Box–Muller transform of
// two uniforms of one counter.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

namespace footprint::uncertainty {

/// SplitMix64: add the golden gamma, then mix. A bijection of 64-bit words.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// A stable 64-bit key of a name (FNV-1a), independent of any order of names.
[[nodiscard]] constexpr std::uint64_t key_of(std::string_view name) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// The 64 random bits of (seed, key, iteration, stream).
[[nodiscard]] constexpr std::uint64_t counter_bits(std::uint64_t seed, std::uint64_t key, std::uint64_t iteration,
                                                   std::uint64_t stream = 0) {
    return splitmix64(splitmix64(splitmix64(splitmix64(seed) ^ key) ^ iteration) ^ stream);
}

/// A uniform in the open interval (0, 1) from the top 53 bits: (k + 0.5) / 2^53.
[[nodiscard]] constexpr double open_unit(std::uint64_t bits) {
    return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

/// The draws of one factor in one iteration: a uniform and a standard normal
/// (Box–Muller from the uniforms of streams 0 and 1).
struct draw {
    double u = 0.5;
    double z = 0;
};

[[nodiscard]] inline draw draw_of(std::uint64_t seed, std::uint64_t key, std::uint64_t iteration) {
    const double u1 = open_unit(counter_bits(seed, key, iteration, 0));
    const double u2 = open_unit(counter_bits(seed, key, iteration, 1));
    return draw{u1, std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2)};
}

}  // namespace footprint::uncertainty
