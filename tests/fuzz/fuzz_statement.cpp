// Fuzz target: a statement's JSON as `footprint verify` reads it
// (read_statement_header), its digest (statement_digest), and the comparison
// verify makes (compare_statements), here of the input with itself: a
// statement that parses must not differ from itself anywhere, and is then
// identical exactly when its recorded digest is right.
// seeds: statements written by `footprint statement` (tests/fuzz/make_corpus.py)

#include "footprint/statement/statement.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::as_text(data, size);
    fuzz::run_checked([&] { (void)read_statement_header(text, "fuzz.json"); });
    fuzz::run_checked([&] { (void)statement_digest(text); });
    fuzz::run_checked([&] {
        const verify_result r = compare_statements(text, text);
        if (!r.first_difference.empty() || !r.shipments.empty())
            fuzz::finding("a statement differs from itself at " + r.first_difference);
        if (r.identical != r.digest_ok) fuzz::finding("identical to itself but for the digest check");
    });
    return 0;
}
