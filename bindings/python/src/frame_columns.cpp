// DataFrame columns as a frame_view (frame_columns.hpp): numpy arrays and
// Categorical codes without a copy, object arrays of str as views of their UTF-8.
#include "frame_columns.hpp"

#include <pybind11/numpy.h>

#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>

namespace footprint::python {

namespace {

/// A str's UTF-8 bytes, without a copy (CPython caches them in the object).
std::string_view utf8_of(PyObject* s, const std::string& column, std::size_t row) {
    if (PyUnicode_IS_COMPACT_ASCII(s))  // ASCII: the characters are the bytes
        return std::string_view(static_cast<const char*>(PyUnicode_DATA(s)), static_cast<std::size_t>(PyUnicode_GET_LENGTH(s)));
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(s, &size);
    if (data == nullptr) {
        PyErr_Clear();
        throw error("footprint.frame.encoding", source_location{"<python>", 0, 0, column, {}},
                    "text that cannot be written as UTF-8 (lone surrogates) at row " + std::to_string(row),
                    "text that is valid Unicode", "");
    }
    return std::string_view(data, static_cast<std::size_t>(size));
}

}  // namespace

/// A large buffer filled once, on transparent huge pages where the kernel
/// offers them (as numpy does for its arrays): faulting a fresh buffer in 4 KiB
/// pages one at a time costs more than filling it, on virtual machines above all.
template <class T>
class big_buffer {
public:
    explicit big_buffer(std::size_t n) {
        constexpr std::size_t huge = std::size_t{2} << 20;
        bytes_ = std::max<std::size_t>((n * sizeof(T) + huge - 1) / huge * huge, huge);
        data_ = static_cast<T*>(std::aligned_alloc(huge, bytes_));
        if (data_ == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        ::madvise(data_, bytes_, MADV_HUGEPAGE);
#endif
    }
    big_buffer(const big_buffer&) = delete;
    big_buffer& operator=(const big_buffer&) = delete;
    ~big_buffer() { std::free(data_); }
    [[nodiscard]] T* data() const { return data_; }

private:
    T* data_ = nullptr;
    std::size_t bytes_ = 0;
};

frame_buffers::frame_buffers() = default;
frame_buffers::~frame_buffers() = default;

namespace {

bool is_missing_object(PyObject* o, PyObject* na) {
    if (o == Py_None || (na != nullptr && o == na)) return true;
    if (PyFloat_Check(o)) return std::isnan(PyFloat_AS_DOUBLE(o));
    return false;
}

}  // namespace

frame_view frame_from_columns(const std::string& name, std::size_t rows, const py::list& columns, const py::object& na,
                              frame_buffers& keep) {
    frame_view fv;
    fv.name = name;
    fv.rows = rows;
    keep.texts.reserve(columns.size());
    PyObject* na_ptr = na.is_none() ? nullptr : na.ptr();
    for (const py::handle& item : columns) {
        auto t = item.cast<py::tuple>();
        frame_column fc;
        fc.name = t[0].cast<std::string>();
        const auto storage = t[1].cast<std::string>();
        py::object data = t[2];
        fc.dtype = t[4].cast<std::string>();
        auto check_length = [&](const py::array& a) {
            if (static_cast<std::size_t>(a.size()) != rows)
                throw error("footprint.frame.length", source_location{name, 0, 0, fc.name, {}},
                            "column '" + fc.name + "' has " + std::to_string(a.size()) + " values",
                            std::to_string(rows) + " values, as the other columns", std::to_string(a.size()));
        };
        if (storage == "float64") {
            auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(data);
            if (!a) throw py::error_already_set();
            check_length(a);
            fc.storage = frame_storage::float64;
            fc.float64 = a.data();
            keep.arrays.push_back(a);
        } else if (storage == "int64") {
            auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(data);
            if (!a) throw py::error_already_set();
            check_length(a);
            fc.storage = frame_storage::int64;
            fc.int64 = a.data();
            keep.arrays.push_back(a);
        } else if (storage == "datetime64_ns") {
            auto a = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(data);
            if (!a) throw py::error_already_set();
            check_length(a);
            fc.storage = frame_storage::datetime64_ns;
            fc.datetime64_ns = a.data();
            keep.arrays.push_back(a);
        } else if (storage == "codes") {
            // pandas' Categorical codes as they are (int8, int16 or int32): no copy.
            py::array a = py::array::ensure(data, py::array::c_style);
            if (!a) throw py::error_already_set();
            if (a.dtype().kind() != 'i' || (a.itemsize() != 1 && a.itemsize() != 2 && a.itemsize() != 4))
                a = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(data);
            if (!a) throw py::error_already_set();
            check_length(a);
            fc.storage = frame_storage::codes;
            fc.codes = a.data();
            fc.code_width = static_cast<unsigned char>(a.itemsize());
            keep.arrays.push_back(a);
            py::sequence cats = t[3].cast<py::sequence>();
            fc.categories.reserve(cats.size());
            std::size_t k = 0;
            for (const py::handle& c : cats) {
                PyObject* o = c.ptr();
                if (!PyUnicode_Check(o)) {
                    py::str s = py::str(c);
                    keep.strings.append(s);
                    o = s.ptr();
                }
                fc.categories.push_back(utf8_of(o, fc.name, k++));
            }
        } else if (storage == "texts") {
            py::array a = py::array::ensure(data, py::array::c_style);
            if (!a) throw py::error_already_set();
            if (a.dtype().kind() != 'O')
                throw error("footprint.frame.dtype", source_location{name, 0, 0, fc.name, {}},
                            "column '" + fc.name + "' handed over as text is not an object array", "an object array",
                            fc.dtype);
            check_length(a);
            keep.arrays.push_back(a);
            auto& buffer = keep.texts.emplace_back(std::make_unique<big_buffer<std::string_view>>(rows));
            std::string_view* views = buffer->data();
            PyObject* const* objs = static_cast<PyObject* const*>(a.data());
            for (std::size_t r = 0; r < rows; ++r) {
                PyObject* o = objs[r];
                if (PyUnicode_Check(o)) {
                    ::new (views + r) std::string_view(utf8_of(o, fc.name, r));
                } else if (is_missing_object(o, na_ptr)) {
                    ::new (views + r) std::string_view();
                } else {
                    py::str s = py::str(py::handle(o));
                    keep.strings.append(s);
                    ::new (views + r) std::string_view(utf8_of(s.ptr(), fc.name, r));
                }
            }
            fc.storage = frame_storage::texts;
            fc.texts = views;
        } else {
            fc.storage = frame_storage::unsupported;
        }
        fv.columns.push_back(std::move(fc));
    }
    return fv;
}

}  // namespace footprint::python
