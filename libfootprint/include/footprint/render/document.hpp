#pragma once
// Documents for people: the formats and languages footprint renders
// methodologies and footprint studies in. Files are written with
// write_file_atomically (atomic_file.hpp), so a reader never sees half a
// document.

#include <string_view>

namespace footprint {

enum class document_format : unsigned char { markdown, html };

/// The language of headings and of footprint's own sentences. Texts from the
/// data (a methodology's `zh:` texts) follow it where given; English is the
/// fallback.
enum class document_language : unsigned char { en, zh };

/// "md" or "markdown", "html". Throws `footprint.document.format` otherwise.
[[nodiscard]] document_format parse_document_format(std::string_view name);

/// "en" or "zh". Throws `footprint.document.language` otherwise.
[[nodiscard]] document_language parse_document_language(std::string_view name);

}  // namespace footprint
