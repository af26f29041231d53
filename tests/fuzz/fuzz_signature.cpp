// Fuzz target: the files `footprint signatures verify` reads besides the
// statement: a signature file (parse_signature_file) and a trusted-keys file
// (parse_trusted_keys), and the check itself (verify_signatures). A signature
// file that parses must write back to text that parses to the same records;
// with no trusted key, every signature it holds is an unknown key.
// seeds: signature files written by `footprint sign` (tests/e2e/signature_e2e.py makes some)

#include "footprint/statement/signature.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::as_text(data, size);
    std::vector<signature_record> records;
    if (fuzz::run_checked([&] { records = parse_signature_file(text, "fuzz.sig.json"); })) {
        std::vector<signature_record> again;
        if (!fuzz::run_checked([&] { again = parse_signature_file(signature_file_text(records), "again.sig.json"); }))
            fuzz::finding("a signature file that parsed does not parse again after writing");
        if (again.size() != records.size()) fuzz::finding("signatures lost in writing them back");
        for (std::size_t i = 0; i < records.size(); ++i)
            if (signature_message(again[i]) != signature_message(records[i]) || again[i].signature != records[i].signature)
                fuzz::finding("a signature changed in writing it back");
        const std::string statement = R"({"customer":"c","statement_digest":"x"})";
        const auto report = verify_signatures(statement, records, {});
        for (const auto& c : report.checks)
            if (c.status != signature_status::unknown_key) fuzz::finding("a signature passed the key check with no trusted key");
        if (report.all_valid()) fuzz::finding("signatures valid without a trusted key");
    }
    fuzz::run_checked([&] { (void)parse_trusted_keys(text, "fuzz.pem"); });
    return 0;
}
