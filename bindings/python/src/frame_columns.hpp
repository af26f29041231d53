// DataFrame columns handed over from Python ((name, storage, data,
// categories, dtype) per column, as footprint.frame builds them) as a
// frame_view (footprint/compute/frame.hpp), for compute and for statements.
#pragma once

#include "register.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/compute/frame.hpp"

namespace footprint::python {

template <class T>
class big_buffer;

/// Storage kept alive while a frame is read: converted arrays, the texts' views
/// and str() of non-str objects.
struct frame_buffers {
    frame_buffers();
    ~frame_buffers();
    frame_buffers(const frame_buffers&) = delete;
    frame_buffers& operator=(const frame_buffers&) = delete;
    std::vector<py::object> arrays;
    std::vector<std::unique_ptr<big_buffer<std::string_view>>> texts;
    py::list strings;
};

/// The columns as a frame_view; its data stays in `keep` and in the Python objects.
frame_view frame_from_columns(const std::string& name, std::size_t rows, const py::list& columns, const py::object& na,
                              frame_buffers& keep);

}  // namespace footprint::python
