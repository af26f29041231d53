#pragma once
// A set of shipment ids built for millions of entries: the id bytes live in
// one arena, the table holds 8-byte slots with a fingerprint, so a look-up
// touches one slot and (on a fingerprint match only) the arena. Exact: a hit
// is confirmed by comparing the bytes. About 30 bytes per id for ids of ~12
// characters, against ~70 for std::unordered_set<std::string>.
//
// Ids in increasing byte order (most exports, and `footprint sample`) need no
// table at all: an id larger than the last one cannot be a duplicate. While
// the ids come in order they are only appended to the arena (about 16 bytes
// per id, no random probes into a table of tens of MB); the first id out of
// order builds the table from the arena once, and from then on the set hashes.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace footprint::detail {

class id_set {
public:
    /// Adds `id`; false when it was already there.
    bool insert(std::string_view id) {
        if (ordered_) {
            if (count_ == 0 || id > text_at(last_)) {
                last_ = append(id);
                ++count_;
                return true;
            }
            build_table();
        }
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = hash(id);
        const std::uint64_t mask = slots_.size() - 1;
        for (std::uint64_t i = h & mask;; i = (i + 1) & mask) {
            std::uint64_t s = slots_[i];
            if (s == 0) {
                slots_[i] = pack(append(id), h);
                ++count_;
                return true;
            }
            if (fingerprint(s) == (h >> 40) && text_at(offset(s)) == id) return false;
        }
    }

    /// Whether `id` is in the set. Not const: the first id out of order builds the table.
    [[nodiscard]] bool contains(std::string_view id) {
        if (ordered_) {
            if (count_ == 0 || id > text_at(last_)) return false;
            build_table();
        }
        if (slots_.empty()) return false;
        const std::uint64_t h = hash(id);
        const std::uint64_t mask = slots_.size() - 1;
        for (std::uint64_t i = h & mask;; i = (i + 1) & mask) {
            std::uint64_t s = slots_[i];
            if (s == 0) return false;
            if (fingerprint(s) == (h >> 40) && text_at(offset(s)) == id) return true;
        }
    }

    /// Whether every id so far came in increasing order (no table built).
    [[nodiscard]] bool ordered() const { return ordered_; }

    [[nodiscard]] std::size_t size() const { return count_; }

private:
    // Slot: 40 bits of arena offset + 1, 24 bits of hash fingerprint.
    static std::uint64_t pack(std::uint64_t off, std::uint64_t h) { return ((off + 1) & 0xFFFFFFFFFFULL) | ((h >> 40) << 40); }
    static std::uint64_t offset(std::uint64_t s) { return (s & 0xFFFFFFFFFFULL) - 1; }
    static std::uint64_t fingerprint(std::uint64_t s) { return s >> 40; }

    static std::uint64_t hash(std::string_view s) {
        // FNV-1a, then a finaliser to spread the bits.
        std::uint64_t h = 1469598103934665603ULL;
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    }

    std::uint64_t append(std::string_view id) {
        std::uint64_t off = arena_.size();
        std::uint32_t len = static_cast<std::uint32_t>(id.size());
        arena_.append(reinterpret_cast<const char*>(&len), sizeof len);
        arena_.append(id);
        return off;
    }

    [[nodiscard]] std::string_view text_at(std::uint64_t off) const {
        std::uint32_t len = 0;
        std::memcpy(&len, arena_.data() + off, sizeof len);
        return std::string_view(arena_.data() + off + sizeof len, len);
    }

    /// Leaves ordered mode: every id of the arena into a table sized for them.
    void build_table() {
        ordered_ = false;
        std::size_t size = 1024;
        while (size < (count_ + 1) * 2) size *= 2;
        slots_.assign(size, 0);
        const std::uint64_t mask = slots_.size() - 1;
        for (std::uint64_t off = 0; off < arena_.size();) {
            const std::string_view id = text_at(off);
            const std::uint64_t h = hash(id);
            for (std::uint64_t i = h & mask;; i = (i + 1) & mask)
                if (slots_[i] == 0) {
                    slots_[i] = pack(off, h);
                    break;
                }
            off += sizeof(std::uint32_t) + id.size();
        }
    }

    void grow() {
        std::vector<std::uint64_t> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
        const std::uint64_t mask = slots_.size() - 1;
        for (std::uint64_t s : old) {
            if (s == 0) continue;
            std::uint64_t h = hash(text_at(offset(s)));
            for (std::uint64_t i = h & mask;; i = (i + 1) & mask)
                if (slots_[i] == 0) {
                    slots_[i] = s;
                    break;
                }
        }
    }

    std::vector<std::uint64_t> slots_;
    std::string arena_;
    std::size_t count_ = 0;
    bool ordered_ = true;     // no table yet: every id was larger than the one before
    std::uint64_t last_ = 0;  // arena offset of the last id, while ordered_
};

}  // namespace footprint::detail
