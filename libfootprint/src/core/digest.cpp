// SHA-256 through OpenSSL's EVP interface (the low-level SHA256_* calls are
// deprecated in OpenSSL 3).

#include "footprint/core/digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>

#include "footprint/core/error.hpp"

namespace footprint {
namespace {

std::string to_hex(const unsigned char* md, unsigned int n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * static_cast<std::size_t>(n), '0');
    for (unsigned int i = 0; i < n; ++i) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 0x0f];
    }
    return out;
}

struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int n = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &n, EVP_sha256(), nullptr) != 1)
        throw error("footprint.internal", {}, "SHA-256 computation failed in OpenSSL");
    return to_hex(md.data(), n);
}

std::string sha256_file_hex(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw error("footprint.io.read", source_location{file.string(), 0, 0, {}, {}}, "cannot open file",
                    "a readable file");
    std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw error("footprint.internal", {}, "SHA-256 initialisation failed in OpenSSL");
    std::array<char, 1 << 16> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad())
        throw error("footprint.io.read", source_location{file.string(), 0, 0, {}, {}}, "read error",
                    "a readable file");
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx.get(), md.data(), &n);
    return to_hex(md.data(), n);
}

sha256::sha256() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
        throw error("footprint.internal", {}, "SHA-256 initialisation failed in OpenSSL");
}

sha256::~sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void sha256::update(std::string_view bytes) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}

std::string sha256::hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md.data(), &n);
    return to_hex(md.data(), n);
}

}  // namespace footprint
